import LossKitData
import LossKitModels
import LossKitNumerics

/// The report's inline CSS. System fonts only (nothing is downloaded); no `<`
/// or `&` so the stylesheet is valid XML text as well.
enum ReportStyleSheet {
    static let css = """
    :root { --ink: #1d232a; --muted: #56606b; --line: #dde1e6; --accent: #0072B2; --paper: #ffffff; --page: #f3f4f6; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--page); color: var(--ink);
      font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
    .wrap { max-width: 1010px; margin: 0 auto; padding: 0 24px; }
    .report-header { background: var(--paper); border-bottom: 1px solid var(--line); border-top: 5px solid var(--accent); padding: 30px 0 24px; }
    .kicker { margin: 0 0 4px; font-size: 12px; font-weight: 700; letter-spacing: .12em; text-transform: uppercase; color: var(--accent); }
    h1 { margin: 0; font-size: 30px; line-height: 1.2; letter-spacing: -.01em; }
    .subtitle { margin: 6px 0 0; font-size: 17px; color: var(--muted); }
    .details { display: flex; flex-wrap: wrap; gap: 8px 10px; margin: 16px 0 0; padding: 0; }
    .details div { display: flex; gap: 6px; align-items: baseline; background: var(--page); border: 1px solid var(--line); border-radius: 999px; padding: 3px 12px; font-size: 13px; }
    .details dt { color: var(--muted); }
    .details dd { margin: 0; font-weight: 600; }
    main.wrap { padding-top: 22px; padding-bottom: 8px; }
    .contents { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 14px 22px; margin-bottom: 22px; }
    .contents ol { margin: 0; padding-left: 22px; columns: 2; column-gap: 40px; font-size: 14px; }
    .contents li { break-inside: avoid; padding: 1px 0; }
    .contents a { color: var(--accent); text-decoration: none; }
    .contents a:hover { text-decoration: underline; }
    .report-section { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 22px 28px 6px; margin: 0 0 22px;
      box-shadow: 0 1px 2px rgba(16, 24, 32, .04); }
    h2 { display: flex; align-items: center; gap: 12px; margin: 0 0 16px; font-size: 21px; line-height: 1.3; }
    h2 .number { display: inline-flex; align-items: center; justify-content: center; min-width: 28px; height: 28px; border-radius: 50%;
      background: var(--accent); color: #fff; font-size: 14px; font-weight: 700; }
    h3 { margin: 0 0 8px; font-size: 16px; }
    figure { margin: 0 0 24px; }
    .panels { display: flex; flex-direction: column; align-items: center; gap: 12px; }
    .panels.two { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; align-items: start; }
    svg.plot { display: block; max-width: 100%; height: auto; overflow: visible;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; font-size: 12px; }
    .plot text { fill: #3a4149; }
    .plot .tick-labels.x text { text-anchor: middle; }
    .plot .tick-labels.y text { text-anchor: end; }
    .plot .axis-title { text-anchor: middle; font-size: 13px; font-weight: 600; fill: #262c33; }
    .plot .plot-bg { fill: #fcfcfd; }
    .plot .frame { fill: none; stroke: #a3aab2; stroke-width: 1; }
    .plot .grid { fill: none; stroke: #e7e9ec; stroke-width: 1; }
    .plot .tick { fill: none; stroke: #a3aab2; stroke-width: 1; }
    .plot .series-line { fill: none; stroke-width: 2.2; stroke-linejoin: round; stroke-linecap: round; }
    .plot .bars { fill-opacity: .6; stroke: #fff; stroke-width: .6; }
    .plot .reference { fill: none; stroke: #5b636b; stroke-width: 1.3; stroke-dasharray: 5 4; }
    .plot .reference-label, .plot .rule-label { font-size: 12px; font-style: italic; fill: #4a525a; }
    .plot .rule { fill: none; stroke-width: 1.6; }
    .plot .rule-label { font-style: normal; font-weight: 600; }
    .plot .rug { fill: none; stroke: #2b3137; stroke-opacity: .4; stroke-width: 1; }
    .plot .point-labels text { font-size: 11.5px; font-weight: 700; fill: #a34400; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
    .plot .legend text { font-size: 12.5px; }
    .plot .legend-more { fill: var(--muted); font-style: italic; }
    .plot .empty-message { text-anchor: middle; font-size: 15px; fill: var(--muted); }
    figcaption { margin: 10px 0 0; max-width: 82ch; font-size: 14px; line-height: 1.55; color: #3c4650; }
    .chart-note { margin: 10px 0 0; max-width: 82ch; font-size: 13px; color: #5a4a00; background: #fff8e0; border-left: 3px solid #E69F00; padding: 5px 10px; border-radius: 0 4px 4px 0; }
    .table-scroll { overflow-x: auto; }
    table.metrics { border-collapse: collapse; width: 100%; font-size: 14px; font-variant-numeric: tabular-nums; }
    table.metrics th, table.metrics td { padding: 7px 12px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
    table.metrics thead th { border-bottom: 2px solid #b9c0c7; font-weight: 700; }
    table.metrics th.metric { text-align: left; font-weight: 600; white-space: normal; }
    table.metrics .detail { display: block; font-weight: 400; font-size: 12px; color: var(--muted); }
    table.metrics tbody tr:nth-child(even) { background: #fafbfc; }
    table.metrics td.best { background: #dcebf6; }
    table.metrics td.best strong { font-weight: 800; }
    .text p { margin: 0 0 12px; max-width: 82ch; }
    .text.note { background: #eef5fb; border-left: 4px solid var(--accent); padding: 10px 14px 1px; margin-bottom: 20px; border-radius: 0 6px 6px 0; }
    .report-footer { color: var(--muted); font-size: 12.5px; padding-bottom: 28px; }
    @media (max-width: 760px) { .panels.two { grid-template-columns: 1fr; } .contents ol { columns: 1; } }
    @media print {
      body { background: #fff; font-size: 11pt; }
      .wrap { max-width: none; padding: 0; }
      .report-header { border-top-width: 3px; padding: 0 0 12px; }
      .contents { display: none; }
      .report-section { border: none; box-shadow: none; padding: 0; margin: 0 0 18pt; }
      figure, table.metrics tr { break-inside: avoid; }
      h2 { break-after: avoid; }
      h2 .number { background: none; color: var(--ink); border: 1.5px solid var(--ink); }
      .plot .plot-bg { fill: #fff; }
      a { color: inherit; }
    }
    """
}
