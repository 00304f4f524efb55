/** The HTML report's style and its filter script: inline, so the report is one file that opens anywhere. */

export const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; } h3 { font-size: 1rem; margin: 0; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .2rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.pass { background: #e6f4e6; } td.fail { background: #fbe3e3; } td.none { color: #999; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: .3rem; font-weight: 600; }
.badge.passed { background: #cdeccd; } .badge.failed { background: #f6c7c7; }
section.case { border: 1px solid #ddd; border-radius: .4rem; padding: .6rem .8rem; margin: .8rem 0; }
section.case[hidden] { display: none; }
.client { color: #555; } code, pre { font: 12px/1.4 ui-monospace, monospace; }
pre { background: #f7f7f7; padding: .4rem; overflow-x: auto; white-space: pre-wrap; margin: .2rem 0; }
.filters { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #ddd; }
.filters label { margin-right: 1rem; }
ul.checks li { margin: .15rem 0; }
`;

/** Shows the case sections that match both filters, and how many that is. */
export const SCRIPT = `
(() => {
  const client = document.getElementById('filter-client');
  const verdict = document.getElementById('filter-verdict');
  const shown = document.getElementById('shown');
  const cases = [...document.querySelectorAll('section.case')];
  const apply = () => {
    let n = 0;
    for (const c of cases) {
      const show = (client.value === '' || c.dataset.client === client.value) &&
        (verdict.value === '' || c.dataset.verdict === verdict.value);
      c.hidden = !show;
      if (show) n++;
    }
    shown.textContent = n + ' of ' + cases.length + ' shown';
  };
  client.addEventListener('change', apply);
  verdict.addEventListener('change', apply);
  apply();
})();
`;
