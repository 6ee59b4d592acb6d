#!/usr/bin/env node
// Scans synthesized CloudFormation templates with cdk-nag (AwsSolutions) and cfn-guard (Control Tower rules).
// usage: node lint.js TEMPLATE.json...   exit 0: no unsuppressed finding; 1: findings (one summary line last).
//
// Suppressions live in the templates themselves, written by MealPlanner.Deploy beside each resource:
//   Metadata.cdk_nag.rules_to_suppress: [{ id, reason }]  (read by cdk-nag itself)
//   Metadata.guard.SuppressedRules: [rule], Metadata.guard.Reasons: ["rule: why"]  (applied here)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const cdk = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks } = require('cdk-nag');
const { CfnGuardValidator } = require('@cdklabs/cdk-validator-cfnguard');

const templates = process.argv.slice(2);
if (templates.length === 0) {
  console.error('usage: node lint.js TEMPLATE.json...');
  process.exit(2);
}

// cdk-nag 3 is a validation plugin; validateScope() runs it directly over the re-imported template.
// Suppressions are read from each resource's Metadata.cdk_nag.rules_to_suppress (written by the C# app):
// an entry matches its rule id, and "AwsSolutions-IAM5[Resource::*]"-style findings when its applies_to
// lists the finding (or when it has no applies_to). A suppression without a reason does not count.
function nag(templatePath) {
  const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
  const app = new cdk.App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'nag-')) });
  try {
    const stack = new cdk.Stack(app, 'Scanned');
    new CfnInclude(stack, 'Template', { templateFile: templatePath });
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    const findings = [];
    const suppressed = [];
    for (const violation of report.violations) {
      const [, rule, finding] = /^([^[]+)(?:\[(.*)\])?$/.exec(violation.ruleName);
      for (const resource of violation.violatingResources) {
        const id = resource.constructPath.split('/').pop();
        const entries = template.Resources?.[id]?.Metadata?.cdk_nag?.rules_to_suppress ?? [];
        const match = entries.find((e) => e.reason && e.reason.length >= 10 &&
          (e.id === violation.ruleName || (e.id === rule && (!e.applies_to || !finding || e.applies_to.includes(finding)))));
        const item = { level: violation.severity, where: id, rule: violation.ruleName, text: violation.description.split('\n')[0] };
        (match ? suppressed : findings).push(item);
      }
    }
    return { findings, suppressed };
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

function guard(templatePath) {
  const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
  const report = new CfnGuardValidator({}).validate({ templatePaths: [templatePath] });
  const findings = [];
  const suppressed = [];
  for (const violation of report.violations) {
    for (const resource of violation.violatingResources) {
      const id = resource.resourceLogicalId;
      const rules = template.Resources?.[id]?.Metadata?.guard?.SuppressedRules ?? [];
      const finding = { rule: violation.ruleName, where: id, text: violation.description };
      (rules.includes(violation.ruleName) ? suppressed : findings).push(finding);
    }
  }
  return { findings, suppressed };
}

let errors = 0;
let warnings = 0;
for (const templatePath of templates) {
  const name = path.basename(templatePath);
  const nagged = nag(templatePath);
  for (const m of nagged.findings) {
    if (m.level === 'error') errors++; else warnings++;
    console.log(`cdk-nag ${m.level} ${name} ${m.where}: [${m.rule}] ${m.text}`);
  }
  console.log(`${name}: cdk-nag suppressed ${nagged.suppressed.length} finding(s) by resource metadata`);
  const { findings, suppressed } = guard(templatePath);
  for (const f of findings) {
    errors++;
    console.log(`cfn-guard error ${name} ${f.where}: [${f.rule}] ${f.text}`);
  }
  console.log(`${name}: cfn-guard suppressed ${suppressed.length} finding(s) by resource metadata`);
}

const summary = `lint-infra: ${templates.length} template(s), ${errors} error(s), ${warnings} warning(s)`;
console.log(summary);
process.exit(errors > 0 ? 1 : 0);
