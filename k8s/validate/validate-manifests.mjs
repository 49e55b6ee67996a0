#!/usr/bin/env node
// Validates rendered Kubernetes manifests (the output of `kubectl kustomize k8s/overlays/<name>`)
// against the schemas of Kubernetes and of the Prometheus Operator, in two ways:
// 1. the JSON schemas that kubernetes-models and @kubernetes-models/prometheus-operator generate
//    from the OpenAPI definitions: types, formats (quantities, durations), required fields, enums;
// 2. their TypeScript interfaces, which also reject fields that do not exist (a misspelt
//    `livenessprobe` passes the JSON schemas, which allow unknown fields, but not the type-check).
// A self-test breaks copies of the manifests in known ways and requires both checks to reject them.
//
// Usage: node validate-manifests.mjs <rendered.yaml>...   (after `npm ci` in this folder)
// Exit code 0 when every object is valid, 1 with the problems on stderr otherwise.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));

/** apiVersion/kind to the module and interface that model it. Any other kind is an error. */
const MODELS = {
  'v1/Namespace': ['kubernetes-models/v1/Namespace', 'Namespace', 'INamespace'],
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'ConfigMap', 'IConfigMap'],
  'v1/Service': ['kubernetes-models/v1/Service', 'Service', 'IService'],
  'apps/v1/Deployment': ['kubernetes-models/apps/v1/Deployment', 'Deployment', 'IDeployment'],
  'policy/v1/PodDisruptionBudget': ['kubernetes-models/policy/v1/PodDisruptionBudget', 'PodDisruptionBudget', 'IPodDisruptionBudget'],
  'monitoring.coreos.com/v1/ServiceMonitor': [
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor', 'ServiceMonitor', 'IServiceMonitor',
  ],
  'monitoring.coreos.com/v1/PodMonitor': [
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor', 'PodMonitor', 'IPodMonitor',
  ],
  'monitoring.coreos.com/v1/PrometheusRule': [
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule', 'PrometheusRule', 'IPrometheusRule',
  ],
};

async function main(files) {
  if (files.length === 0) {
    console.error('usage: node validate-manifests.mjs <rendered.yaml>...');
    return 2;
  }
  const objects = [];
  const problems = [];
  for (const file of files.map((path) => resolve(path))) {
    for (const [index, document] of parseAllDocuments(readFileSync(file, 'utf8')).entries()) {
      if (document.errors.length > 0) {
        problems.push(`${basename(file)} document ${index + 1}: ${document.errors.map((error) => error.message).join('; ')}`);
        continue;
      }
      const value = document.toJS();
      if (value !== null && value !== undefined) {
        objects.push({ file: basename(file), value, expectError: false });
      }
    }
  }
  const all = [...objects, ...brokenVariants(objects)];
  problems.push(...(await validateSchemas(all)), ...typeCheck(all));
  for (const object of all.filter((candidate) => candidate.expectError)) {
    if (!object.rejectedBy) {
      problems.push(`self-test: ${object.name} was accepted`);
    }
  }
  if (problems.length > 0) {
    console.error(`${problems.length} problem(s) in ${files.join(', ')}`);
    for (const problem of problems) {
      console.error(`  - ${problem}`);
    }
    return 1;
  }
  const kinds = objects.map(({ value }) => value.kind).join(', ');
  console.log(`${files.join(', ')}: OK, ${objects.length} objects valid (${kinds}); self-test: every broken variant rejected`);
  return 0;
}

function describe(object) {
  if (object.name) {
    return object.name;
  }
  const { kind, metadata } = object.value;
  return `${object.file}: ${kind} ${metadata?.namespace ? `${metadata.namespace}/` : ''}${metadata?.name}`;
}

function modelOf(object) {
  const { apiVersion, kind } = object.value;
  return MODELS[`${apiVersion}/${kind}`];
}

async function validateSchemas(objects) {
  const problems = [];
  for (const object of objects) {
    const model = modelOf(object);
    if (!model) {
      problems.push(`${describe(object)}: no schema for ${object.value.apiVersion} ${object.value.kind}`);
      continue;
    }
    const [module, className] = model;
    const Model = (await import(module))[className];
    try {
      new Model(object.value).validate();
    } catch (error) {
      if (object.expectError) {
        object.rejectedBy = 'schema';
      } else {
        problems.push(`${describe(object)}: ${error.message}`);
      }
    }
  }
  return problems;
}

function typeCheck(objects) {
  const typed = objects.filter((object) => modelOf(object));
  const imports = new Set();
  const lines = [];
  const ranges = [];
  typed.forEach((object, index) => {
    const [module, , typeName] = modelOf(object);
    imports.add(`import type { ${typeName} } from '${module}';`);
    const start = lines.length + 1;
    const declaration = `export const object${index}: ${typeName} = ${JSON.stringify(object.value, null, 2)};`;
    lines.push(`// ${describe(object)}`, ...declaration.split('\n'), '');
    ranges.push({ object, start, end: lines.length + 1 });
  });
  const header = [...imports, ''];
  const generatedDir = join(here, '.generated');
  mkdirSync(generatedDir, { recursive: true });
  const generated = join(generatedDir, 'manifests.check.ts');
  writeFileSync(generated, [...header, ...lines].join('\n'));

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
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ');
    if (diagnostic.file?.fileName !== generated || diagnostic.start === undefined) {
      problems.push(`type-check setup: ${message}`);
      continue;
    }
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 - header.length;
    const range = ranges.find((candidate) => line >= candidate.start && line < candidate.end);
    if (!range) {
      problems.push(`${generated}:${line + header.length}: ${message}`);
    } else if (range.object.expectError) {
      range.object.rejectedBy = range.object.rejectedBy ?? 'type-check';
    } else {
      problems.push(`${describe(range.object)} (${generated}:${line + header.length}): ${message}`);
    }
  }
  return problems;
}

/** Copies of real objects, each broken in one way that one of the two checks must catch. */
function brokenVariants(objects) {
  const copy = (value) => JSON.parse(JSON.stringify(value));
  const find = (kind) => objects.find(({ value }) => value.kind === kind)?.value;
  const variants = [];
  const broken = (name, value) => variants.push({ name: `self-test: ${name}`, file: 'self-test', value, expectError: true });
  const deployment = find('Deployment');
  if (deployment) {
    const misspelt = copy(deployment);
    const container = misspelt.spec.template.spec.containers[0];
    container.livenessprobe = container.livenessProbe;
    delete container.livenessProbe;
    broken('a Deployment whose container has a misspelt livenessprobe', misspelt);
    const badQuantity = copy(deployment);
    badQuantity.spec.template.spec.containers[0].resources.limits.memory = '1.5 gigabytes';
    broken('a Deployment with a memory limit that is not a quantity', badQuantity);
    const noSelector = copy(deployment);
    delete noSelector.spec.selector;
    broken('a Deployment without a selector', noSelector);
  }
  const rule = find('PrometheusRule');
  if (rule) {
    const noExpr = copy(rule);
    delete noExpr.spec.groups[0].rules[0].expr;
    broken('a PrometheusRule with a rule without expr', noExpr);
    const badDuration = copy(rule);
    badDuration.spec.groups[0].rules[0].for = 'half an hour';
    broken('a PrometheusRule with a for that is not a duration', badDuration);
  }
  const monitor = find('ServiceMonitor');
  if (monitor) {
    const misspelt = copy(monitor);
    misspelt.spec.endpoints[0].pathh = misspelt.spec.endpoints[0].path;
    broken('a ServiceMonitor endpoint with a misspelt path', misspelt);
  }
  return variants;
}

process.exitCode = await main(process.argv.slice(2));
