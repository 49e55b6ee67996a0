#!/usr/bin/env node
// Checks a Grafana dashboard JSON file:
// 1. its schemaVersion is the one @grafana/schema (pinned in package.json) declares as current;
// 2. it type-checks against @grafana/schema: the dashboard, every panel with the option types of its
//    plugin, every query as a Prometheus query (see dashboard-types.ts). Unknown or misspelt fields,
//    wrong enum values and missing required options are errors;
// 3. the rules TypeScript cannot express: unique panel ids, a 24-column grid without overlaps, every
//    query on the ${datasource} variable and filtered by the variables: a series of the pods by
//    cluster, namespace, application, version and pod; a recorded series of the application
//    (a name with a colon) and ALERTS by cluster, namespace and application, and by version when the
//    recording keeps it. The annotations' queries too.
// A self-test then breaks copies of the dashboard in known ways and requires the type-check to
// reject each of them, so that a check that accepts everything cannot pass unnoticed.
//
// Usage: node check-dashboard.mjs <dashboard.json>   (after `npm ci` in this folder)
// Exit code 0 when the dashboard passes, 1 with the problems on stderr otherwise.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDashboard } from '@grafana/schema';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Panel plugin id to the type in dashboard-types.ts that its JSON must satisfy. */
const PANEL_TYPES = {
  timeseries: 'TimeSeriesPanel',
  stat: 'StatPanel',
  'state-timeline': 'StateTimelinePanel',
  bargauge: 'BarGaugePanel',
  row: 'Row',
};
const REQUIRED_VARIABLES = {
  datasource: 'datasource',
  cluster: 'query',
  namespace: 'query',
  application: 'query',
  version: 'query',
  pod: 'query',
};
/** Variables whose "All" must be a regex matching everything, not a regex of every value. */
const ALL_VALUE_VARIABLES = ['cluster', 'version', 'pod'];
const APPLICATION_MATCHERS = ['cluster=~"$cluster"', 'namespace="$namespace"', 'application="$application"'];
const VERSION_MATCHER = 'version=~"$version"';
const POD_MATCHERS = [...APPLICATION_MATCHERS, VERSION_MATCHER, 'pod=~"$pod"'];
const DATASOURCE = '${datasource}';

function main(args) {
  if (args.length !== 1) {
    console.error('usage: node check-dashboard.mjs <dashboard.json>');
    return 2;
  }
  const file = resolve(args[0]);
  const dashboard = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [...checkSchemaVersion(dashboard), ...checkStructure(dashboard)];
  const typeProblems = typeCheck(dashboard);
  problems.push(...typeProblems);
  if (problems.length > 0) {
    console.error(`${file}: ${problems.length} problem(s)`);
    for (const problem of problems) {
      console.error(`  - ${problem}`);
    }
    return 1;
  }
  const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
  const queries = panels.reduce((count, panel) => count + panel.targets.length, 0);
  console.log(
    `${file}: OK (${panels.length} panels, ${queries} queries, schemaVersion ${dashboard.schemaVersion} ` +
      `as @grafana/schema ${schemaPackageVersion()} declares; self-test: every broken variant rejected)`,
  );
  return 0;
}

function schemaPackageVersion() {
  return require('@grafana/schema/package.json').version;
}

function checkSchemaVersion(dashboard) {
  // The defaults of @grafana/schema carry the schemaVersion current for that Grafana release.
  const current = defaultDashboard.schemaVersion;
  return dashboard.schemaVersion === current
    ? []
    : [`schemaVersion is ${dashboard.schemaVersion}, @grafana/schema ${schemaPackageVersion()} declares ${current}`];
}

function checkStructure(dashboard) {
  const problems = [];
  const variables = new Map((dashboard.templating?.list ?? []).map((variable) => [variable.name, variable]));
  for (const [name, type] of Object.entries(REQUIRED_VARIABLES)) {
    if (variables.get(name)?.type !== type) {
      problems.push(`variable "${name}" of type ${type} is missing`);
    }
  }
  for (const variable of variables.values()) {
    if (variable.type === 'query' && variable.datasource?.uid !== DATASOURCE) {
      problems.push(`variable "${variable.name}" does not query the ${DATASOURCE} data source`);
    }
  }
  for (const name of ALL_VALUE_VARIABLES) {
    const variable = variables.get(name);
    if (variable && (!variable.includeAll || variable.allValue !== '.*')) {
      problems.push(`variable "${name}" must offer All as the regex .* (allValue), not a regex of every value`);
    }
  }
  for (const annotation of dashboard.annotations?.list ?? []) {
    if (annotation.builtIn) {
      continue;
    }
    const name = `annotation "${annotation.name}"`;
    if (annotation.datasource?.uid !== DATASOURCE) {
      problems.push(`${name}: data source must be ${DATASOURCE}`);
    }
    problems.push(...checkExpr(annotation.target?.expr ?? '', name));
  }
  const ids = new Set();
  const cells = new Map();
  for (const panel of dashboard.panels ?? []) {
    const name = `panel ${panel.id} "${panel.title}"`;
    if (!Number.isInteger(panel.id) || panel.id <= 0 || ids.has(panel.id)) {
      problems.push(`${name}: id must be a positive integer, unique in the dashboard`);
    }
    ids.add(panel.id);
    if (!(panel.type in PANEL_TYPES)) {
      problems.push(`${name}: panel type "${panel.type}" is not one the check knows (${Object.keys(PANEL_TYPES).join(', ')})`);
    }
    const { x, y, w, h } = panel.gridPos ?? {};
    if (![x, y, w, h].every(Number.isInteger) || x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) {
      problems.push(`${name}: gridPos must lie within the 24 columns`);
    } else {
      for (let row = y; row < y + h; row++) {
        for (let column = x; column < x + w; column++) {
          const other = cells.get(`${row},${column}`);
          if (other !== undefined) {
            problems.push(`${name}: overlaps panel ${other} at row ${row}, column ${column}`);
            row = y + h;
            break;
          }
          cells.set(`${row},${column}`, panel.id);
        }
      }
    }
    if (panel.type !== 'row') {
      problems.push(...checkQueries(panel, name));
    }
  }
  return problems;
}

function checkQueries(panel, name) {
  const problems = [];
  if (panel.datasource?.uid !== DATASOURCE) {
    problems.push(`${name}: panel data source must be ${DATASOURCE}`);
  }
  if (!Array.isArray(panel.targets) || panel.targets.length === 0) {
    return [...problems, `${name}: has no query`];
  }
  const refIds = new Set();
  for (const target of panel.targets) {
    const query = `${name} query ${target.refId}`;
    if (refIds.has(target.refId)) {
      problems.push(`${query}: refId is not unique in the panel`);
    }
    refIds.add(target.refId);
    if (target.datasource?.uid !== DATASOURCE) {
      problems.push(`${query}: data source must be ${DATASOURCE}`);
    }
    problems.push(...checkExpr(target.expr ?? '', query));
  }
  return problems;
}

/** The matchers a selector of this metric needs: recorded series are per application. */
function requiredMatchers(metric) {
  if (metric === 'ALERTS' || (metric.includes(':') && !metric.includes('version'))) {
    return APPLICATION_MATCHERS;
  }
  return metric.includes(':') ? [...APPLICATION_MATCHERS, VERSION_MATCHER] : POD_MATCHERS;
}

function checkExpr(expr, query) {
  const problems = [];
  if (expr.trim() === '') {
    return [`${query}: has no expression`];
  }
  for (const selector of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g)) {
    const missing = requiredMatchers(selector[1]).filter((matcher) => !selector[2].includes(matcher));
    if (missing.length > 0) {
      problems.push(`${query}: selector of ${selector[1]} lacks ${missing.join(', ')}`);
    }
  }
  for (const bare of expr.matchAll(/(?<![\w:])((?:[a-z_]+:)?(?:memleak|jvm|process|http|container|kube)_[a-zA-Z0-9_:]*|ALERTS)(?![\w:])(?!\s*\{)/g)) {
    problems.push(`${query}: ${bare[1]} is used without the variables' matchers`);
  }
  return problems;
}

/**
 * Writes a TypeScript module with one typed constant per panel (and the dashboard without its
 * panels), followed by deliberately broken variants, and compiles it. Returns the problems.
 */
function typeCheck(dashboard) {
  const { panels = [], ...shell } = dashboard;
  const sections = [];
  sections.push({ name: 'dashboard', type: 'DashboardWithoutPanels', value: shell, expectError: false });
  for (const panel of panels) {
    const type = PANEL_TYPES[panel.type];
    if (type) {
      sections.push({ name: `panel ${panel.id} "${panel.title}"`, type, value: panel, expectError: false });
    }
  }
  sections.push(...brokenVariants(dashboard));

  const lines = [`import type * as T from '../dashboard-types';`, ''];
  const ranges = [];
  sections.forEach((section, index) => {
    const start = lines.length + 1;
    lines.push(`// ${section.name}`);
    const declaration = `export const section${index}: T.${section.type} = ${JSON.stringify(section.value, null, 2)};`;
    lines.push(...declaration.split('\n'), '');
    ranges.push({ section, start, end: lines.length + 1 });
  });
  const generatedDir = join(here, '.generated');
  mkdirSync(generatedDir, { recursive: true });
  const generated = join(generatedDir, 'dashboard.check.ts');
  writeFileSync(generated, lines.join('\n'));

  const program = ts.createProgram([generated], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
  });
  const problems = [];
  const errorsBySection = new Map();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ');
    if (diagnostic.file?.fileName !== generated || diagnostic.start === undefined) {
      problems.push(`type-check setup: ${message}`);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const range = ranges.find((candidate) => line + 1 >= candidate.start && line + 1 < candidate.end);
    if (!range) {
      problems.push(`${generated}:${line + 1}: ${message}`);
      continue;
    }
    errorsBySection.set(range.section, (errorsBySection.get(range.section) ?? 0) + 1);
    if (!range.section.expectError) {
      problems.push(`${range.section.name} (${generated}:${line + 1}): ${message}`);
    }
  }
  for (const { section } of ranges) {
    if (section.expectError && !errorsBySection.has(section)) {
      problems.push(`self-test: the type-check accepted ${section.name}`);
    }
  }
  return problems;
}

/** Copies of real parts of the dashboard, each broken in one way the type-check must catch. */
function brokenVariants(dashboard) {
  const copy = (value) => JSON.parse(JSON.stringify(value));
  const variants = [];
  const timeseries = dashboard.panels?.find((panel) => panel.type === 'timeseries');
  const stat = dashboard.panels?.find((panel) => panel.type === 'stat');
  const { panels, ...shell } = dashboard;
  const broken = (name, type, value) => variants.push({ name: `self-test: ${name}`, type, value, expectError: true });
  if (timeseries) {
    const badEnum = copy(timeseries);
    badEnum.options.legend.displayMode = 'sideways';
    broken('a legend displayMode that does not exist', 'TimeSeriesPanel', badEnum);
    const unknownOption = copy(timeseries);
    unknownOption.options.tooltipp = { mode: 'multi', sort: 'none' };
    broken('a misspelt panel option', 'TimeSeriesPanel', unknownOption);
    const missingOption = copy(timeseries);
    delete missingOption.options.legend;
    broken('a timeseries panel without its required legend options', 'TimeSeriesPanel', missingOption);
    const unknownCustom = copy(timeseries);
    unknownCustom.fieldConfig.defaults.custom = { ...unknownCustom.fieldConfig.defaults.custom, lineWidht: 2 };
    broken('a misspelt custom field option', 'TimeSeriesPanel', unknownCustom);
    const badQuery = copy(timeseries);
    badQuery.targets[0] = { ...badQuery.targets[0], exprr: badQuery.targets[0].expr };
    delete badQuery.targets[0].expr;
    broken('a query without expr', 'TimeSeriesPanel', badQuery);
  }
  if (stat) {
    const badStat = copy(stat);
    badStat.options.colorMode = 'rainbow';
    broken('a stat colorMode that does not exist', 'StatPanel', badStat);
  }
  const misspeltShell = copy(shell);
  misspeltShell.refreshh = misspeltShell.refresh;
  broken('a dashboard with a misspelt field', 'DashboardWithoutPanels', misspeltShell);
  const badTooltip = copy(shell);
  badTooltip.graphTooltip = 7;
  broken('a dashboard with a graphTooltip that is not a DashboardCursorSync', 'DashboardWithoutPanels', badTooltip);
  const annotation = shell.annotations?.list?.findIndex((candidate) => !candidate.builtIn) ?? -1;
  if (annotation >= 0) {
    const badAnnotation = copy(shell);
    badAnnotation.annotations.list[annotation].titelFormat = 'typo';
    broken('an annotation with a misspelt field', 'DashboardWithoutPanels', badAnnotation);
    const badAnnotationQuery = copy(shell);
    badAnnotationQuery.annotations.list[annotation].target.exprr = 'up';
    broken('an annotation query with a misspelt field', 'DashboardWithoutPanels', badAnnotationQuery);
  }
  const badVariable = copy(shell);
  badVariable.templating.list[1].refresh = 'sometimes';
  broken('a variable refresh that is not a VariableRefresh', 'DashboardWithoutPanels', badVariable);
  return variants;
}

process.exitCode = main(process.argv.slice(2));
