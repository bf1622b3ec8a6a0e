import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 10, class 4: not every output path is a regular file. Devices,
/// FIFOs and `-` are written straight through (never replaced by a regular
/// file); a dangling symlink is followed; interrupted and killed runs leave
/// no temporary file behind for good.
@Suite(.serialized) struct OutputDestinationTests {
    /// A folder with a small data file and a model fitted to it.
    static func fixture() throws -> (folder: URL, data: String, model: String) {
        let folder = try ToolRunner.temporaryFolder()
        let data = folder.appendingPathComponent("data.csv").path
        try "x,y\n1,2\n2,3\n3,5\n4,4\n".write(toFile: data, atomically: false, encoding: .utf8)
        let model = folder.appendingPathComponent("model.json").path
        let fit = try ToolRunner.run(["fit", data, "--target", "y", "--save", model])
        #expect(fit.status == 0, "\(fit.stderr)")
        return (folder, data, model)
    }

    static func isCharacterDevice(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
    }

    static func leftovers(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
    }

    @Test func devNullStaysADevice() throws {
        let (folder, data, model) = try Self.fixture()
        #expect(Self.isCharacterDevice("/dev/null"))
        for arguments in [["predict", model, data, "--output", "/dev/null"],
                          ["report", data, "--target", "y", "--models", "ols", "--output", "/dev/null"],
                          ["fit", data, "--target", "y", "--save", "/dev/null"]] {
            let outcome = try ToolRunner.run(arguments)
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            #expect(Self.isCharacterDevice("/dev/null"), "\(arguments) replaced /dev/null")
        }
        #expect(try Self.leftovers(in: URL(fileURLWithPath: "/dev")).isEmpty)
        #expect(try Self.leftovers(in: folder).isEmpty)
    }

    @Test func dashAndDevStdoutAreStandardOutput() throws {
        let (_, data, model) = try Self.fixture()
        let expected = try ToolRunner.run(["predict", model, data])
        for output in ["-", "/dev/stdout"] {
            let outcome = try ToolRunner.run(["predict", model, data, "--output", output])
            #expect(outcome.status == 0, "\(output): \(outcome.stderr)")
            #expect(outcome.stdout == expected.stdout, "\(output)")
            #expect(outcome.stdout.hasPrefix("x,prediction\n"))
        }
        let report = try ToolRunner.run(["report", data, "--target", "y", "--models", "ols", "--output", "-"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("<!DOCTYPE html>"))
        let saved = try ToolRunner.run(["fit", data, "--target", "y", "--save", "-"])
        #expect(saved.status == 0)
        #expect(saved.stdout.hasPrefix("{"))
        // HTML and JSON on one standard output would be unreadable: refused.
        let mixed = try ToolRunner.run(["report", data, "--target", "y", "--output", "-", "--json"])
        #expect(mixed.status == 2)
    }

    @Test func fifoIsWrittenThroughAndStaysAFifo() throws {
        let (folder, data, model) = try Self.fixture()
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO for writing waits for a reader: read it on a thread.
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let reader = Thread {
            if let handle = FileHandle(forReadingAtPath: fifo) { box.data = handle.readDataToEndOfFile() }
        }
        reader.start()
        let outcome = try ToolRunner.run(["predict", model, data, "--output", fifo])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // Should the tool have failed before opening the FIFO, release the reader.
        let release = open(fifo, O_WRONLY | O_NONBLOCK)
        if release >= 0 { close(release) }
        while !reader.isFinished { usleep(10_000) }
        #expect(String(decoding: box.data, as: UTF8.self).hasPrefix("x,prediction\n1.0,"))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced")
        #expect(try Self.leftovers(in: folder).isEmpty)
    }

    @Test func danglingSymlinkIsFollowedNotReplaced() throws {
        let (folder, data, model) = try Self.fixture()
        let link = folder.appendingPathComponent("latest.csv").path
        let target = folder.appendingPathComponent("runs/one.csv").path
        try FileManager.default.createDirectory(atPath: folder.appendingPathComponent("runs").path, withIntermediateDirectories: true)
        #expect(symlink("runs/one.csv", link) == 0)
        // Relative to the link's folder, from another working directory.
        let outcome = try ToolRunner.run(["predict", model, data, "--output", link])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "runs/one.csv", "the link was replaced")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("x,prediction\n"))
        // A link to an existing file: the file is replaced, the link stays.
        let again = try ToolRunner.run(["report", data, "--target", "y", "--models", "ols", "--output", link])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "runs/one.csv")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    }

    @Test func unwritableDestinationsSayWhy() throws {
        let (folder, data, model) = try Self.fixture()
        let directory = try ToolRunner.run(["predict", model, data, "--output", folder.path])
        #expect(directory.status == 1)
        #expect(directory.stderr == "losskit: error: cannot write \(folder.path): it is a directory\n")
        let missing = folder.appendingPathComponent("no/such/folder/out.csv").path
        let noFolder = try ToolRunner.run(["predict", model, data, "--output", missing])
        #expect(noFolder.status == 1)
        #expect(noFolder.stderr == "losskit: error: cannot write \(missing): no such file or directory\n")
        // A link to one of the inputs is still refused.
        let link = folder.appendingPathComponent("alias.csv").path
        #expect(symlink(data, link) == 0)
        let overInput = try ToolRunner.run(["predict", model, data, "--output", link])
        #expect(overInput.status == 1)
        #expect(overInput.stderr.contains("it is one of the input files"))
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func signalLeavesNoTemporaryFile(signalNumber: Int32) throws {
        let (folder, _, model) = try Self.fixture()
        // Large enough that predict is still writing when the signal comes.
        let big = folder.appendingPathComponent("big.csv").path
        var text = "x,y\n"
        text.reserveCapacity(12_000_000)
        for i in 0..<600_000 { text += "\(i),\(2 * i)\n" }
        try text.write(toFile: big, atomically: false, encoding: .utf8)
        let output = folder.appendingPathComponent("predictions.csv").path
        let pid = try Self.spawn(["predict", model, big, "--output", output, "--block-rows", "500"])
        let temporary = folder.appendingPathComponent(".predictions.csv.\(pid).tmp").path
        var waited = 0
        while !FileManager.default.fileExists(atPath: temporary), waited < 3000 {
            usleep(1_000)
            waited += 1
        }
        #expect(FileManager.default.fileExists(atPath: temporary), "no temporary file appeared")
        kill(pid, signalNumber)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // Ended by the signal itself (WIFSIGNALED, WTERMSIG), not by an exit.
        #expect(status & 0x7F == signalNumber, "wait status \(status): the run finished before the signal; make the input larger")
        let left = try Self.leftovers(in: folder)
        #expect(left.isEmpty, "left behind: \(left)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// Starts the tool with every signal unblocked and at its default action
    /// (a `Process` started from a test thread inherits that thread's blocked
    /// signals), standard output and error to /dev/null; returns its PID.
    static func spawn(_ arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signalNumber) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let executable = ToolRunner.executableURL.path
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        try #require(result == 0, "posix_spawn: \(String(cString: strerror(result)))")
        return pid
    }

    @Test func staleTemporaryFileOfADeadProcessIsRemoved() throws {
        let (folder, data, model) = try Self.fixture()
        // A PID that runs no process: a child that has exited and been reaped.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        let stale = folder.appendingPathComponent(".out.csv.\(dead).tmp").path
        let alive = folder.appendingPathComponent(".out.csv.\(getpid()).tmp").path
        let other = folder.appendingPathComponent(".other.csv.\(dead).tmp").path
        for path in [stale, alive, other] { #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8))) }
        let outcome = try ToolRunner.run(["predict", model, data, "--output", folder.appendingPathComponent("out.csv").path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale), "the dead run's temporary file stayed")
        #expect(FileManager.default.fileExists(atPath: alive), "a live process's temporary file was removed")
        #expect(FileManager.default.fileExists(atPath: other), "another target's temporary file was removed")
    }
}
