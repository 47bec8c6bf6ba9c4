// Offline checks of securebase's FHIR R4 (SDC) export, run by .ci/run.
//
// For every built-in questionnaire (and every bank file named in
// SECUREBASE_FHIR_BANKS, separated by ':'):
//   1. `securebase export fhir-questionnaire` (with and without item text)
//      against the official R4 JSON Schema, the R4 invariants (que-*, dom-*,
//      ext-*) evaluated with HL7's fhirpath.js, and the R4 cardinalities;
//   2. generated answer files (complete, with the allowed number of missing
//      items, with one too many, relationships marked as not applying) scored
//      by `securebase score` and exported with `export fhir-response --bundle`:
//      the response and each Observation against the schema, invariants and
//      cardinalities, the response against its Questionnaire, and every
//      calculatedExpression evaluated on the response (its score answers
//      removed, %questionnaire given) and compared with securebase's scores;
//   3. negative controls: a deliberately broken copy for each kind of check
//      must be caught, so a check that cannot fail is noticed.
//
// Usage: node check.mjs   (SECUREBASE=path/to/securebase, default: the debug build)
// Prints one line per failure and a closing "N passed, N failed" line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fhirpath from 'fhirpath';
import r4model from 'fhirpath/fhir-context/r4/index.js';
import SchemaValidator from '@asymmetrik/fhir-json-schema-validator';
import { conformance, expressionScores, genericProblems, scoreItems } from './rules.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = process.env.SECUREBASE ?? join(here, '../../target/debug/securebase');
const rules = JSON.parse(readFileSync(join(here, 'r4-rules.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'sb-fhir-'));
// A data directory of its own, unless given one (recipe banks installed there).
const env = {
  ...process.env,
  SECUREBASE_DATA_DIR: process.env.SECUREBASE_DATA_DIR ?? join(tmp, 'data'),
  NO_COLOR: '1',
};
const schema = new SchemaValidator();

let passed = 0;
let failed = 0;
function check(name, problems) {
  if (problems.length === 0) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL ${name}`);
    for (const p of problems.slice(0, 8)) console.log(`  ${p}`);
  }
}
/** A negative control: the check must find something. */
function mustCatch(name, problems) {
  check(`${name} is caught`, problems.length > 0 ? [] : ['the broken copy passed every check']);
}

function securebase(...args) {
  return execFileSync(BIN, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// ---- R4 rules --------------------------------------------------------

/** The FHIRPath that selects the nodes an element path of an R4
 * StructureDefinition names; items nest to any depth. */
function selector(path) {
  return path
    .replace(/^Questionnaire\.item/, 'Questionnaire.repeat(item)')
    .replace(/^QuestionnaireResponse\.item/, 'QuestionnaireResponse.repeat(item | answer.item)');
}

// Parsing dominates evaluation: each rule is compiled once.
const compiledRules = new Map();
function compiled(expr) {
  if (!compiledRules.has(expr)) {
    compiledRules.set(expr, fhirpath.compile(expr, r4model, { traceFn: () => {} }));
  }
  return compiledRules.get(expr);
}

// dom-6 asks for a narrative (a warning): the export has none on purpose,
// the wording lives in the items.
const SKIPPED = new Set(['dom-6']);

function invariantProblems(res) {
  const rs = rules.resources[res.resourceType];
  if (!rs) return [`no R4 rules for ${res.resourceType}`];
  const out = [];
  const envVars = { resource: res, rootResource: res };
  const holds = (expr) => {
    const r = compiled(expr)(res, envVars);
    return r.length === 1 && r[0] === true;
  };
  for (const c of rs.constraints) {
    if (SKIPPED.has(c.key)) continue;
    try {
      if (!holds(`${selector(c.path)}.all(${c.expression})`)) {
        out.push(`${c.key} (${c.severity}) at ${c.path}: ${c.human}`);
      }
    } catch (e) {
      out.push(`${c.key}: could not be evaluated: ${e.message}`);
    }
  }
  for (const q of rs.required) {
    const parent = q.path.slice(0, q.path.lastIndexOf('.'));
    const child = q.path.slice(q.path.lastIndexOf('.') + 1).replace('[x]', '');
    if (!holds(`${selector(parent)}.all(${child}.exists())`)) {
      out.push(`${q.path} is required (min ${q.min})`);
    }
  }
  if (res.resourceType === 'Bundle') {
    for (const [i, e] of (res.entry ?? []).entries()) {
      out.push(...invariantProblems(e.resource).map((p) => `entry[${i}]: ${p}`));
    }
  }
  return out;
}

function schemaProblems(res) {
  return schema.validate(res).map((e) => (typeof e === 'string' ? e : `${e.dataPath} ${e.message}`));
}

/** Everything one resource must satisfy on its own. */
function resourceProblems(res) {
  return [...schemaProblems(res), ...invariantProblems(res), ...genericProblems(res)];
}

// ---- generated answers -----------------------------------------------

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Answer files for a bank: complete, allowed missing, one too many
 * missing per dimension, empty, and relationships marked as not applying. */
function answerFiles(bank) {
  const rand = rng(1234);
  const pick = (n) => Math.floor(rand() * n);
  const { min, max } = bank.scale;
  const targets = bank.targets ?? [];
  const groups = targets.length ? targets.map((t) => `${t.id}.`) : [''];
  const dimItems = (d) => bank.items.filter((i) => i.kind === 'likert' && i.dimension === d.id);
  const budget = (d, n) => Math.floor((d.max_missing ?? 0.2) * n + 1e-9);
  const prototypes = bank.items.filter((i) => i.kind === 'prototype');
  const full = () => {
    const a = {};
    for (const g of groups) for (const i of bank.items) a[`${g}${i.id}`] = min + pick(max - min + 1);
    if (bank.forced_choice) a[bank.forced_choice.id] = prototypes[pick(prototypes.length)].id;
    return a;
  };
  const drop = (a, g, d, k) => {
    const ids = dimItems(d).map((i) => `${g}${i.id}`);
    for (let j = 0; j < k && ids.length; j++) a[ids.splice(pick(ids.length), 1)[0]] = null;
  };
  const files = [];
  for (let r = 0; r < 6; r++) files.push(full());
  for (let r = 0; r < 4; r++) {
    const a = full();
    for (const g of groups) for (const d of bank.dimensions) drop(a, g, d, budget(d, dimItems(d).length));
    files.push(a);
  }
  for (const [n, d] of bank.dimensions.entries()) {
    const a = full();
    const g = groups[n % groups.length];
    drop(a, g, d, budget(d, dimItems(d).length) + 1);
    files.push(a);
  }
  for (const [n, p] of prototypes.entries()) {
    const a = full();
    a[p.id] = null;
    if (n === 0 && bank.forced_choice) a[bank.forced_choice.id] = null;
    files.push(a);
  }
  files.push({});
  for (const [n, t] of targets.entries()) {
    if (!t.allow_not_applicable) continue;
    const a = full();
    for (const i of bank.items) delete a[`${t.id}.${i.id}`];
    a[t.id] = 'not-applicable';
    if (n % 2 === 1) for (const d of bank.dimensions) drop(a, groups[(n + 1) % groups.length], d, 99);
    files.push(a);
  }
  if (targets.length && targets.every((t) => t.allow_not_applicable)) {
    files.push(Object.fromEntries(targets.map((t) => [t.id, 'not-applicable'])));
  }
  return files.map((answers, i) => ({ bank: bank.id, respondent: `r${i}`, answers }));
}

// ---- one bank ----------------------------------------------------------

function checkBank(bankArg) {
  const bank = JSON.parse(securebase('show', bankArg, '--format', 'json'));
  const q = JSON.parse(securebase('export', 'fhir-questionnaire', bankArg, '--item-text'));
  check(`${bank.id}: Questionnaire`, resourceProblems(q));
  const bare = JSON.parse(securebase('export', 'fhir-questionnaire', bankArg, '--no-item-text'));
  check(`${bank.id}: keying-only Questionnaire`, [
    ...resourceProblems(bare),
    ...(JSON.stringify(bare).includes(bank.items[0].text) ? ['item text present'] : []),
  ]);

  const calculated = scoreItems(q);
  let n = 0;
  for (const file of answerFiles(bank)) {
    const name = `${bank.id} ${file.respondent}`;
    const answersPath = join(tmp, `${bank.id}-${file.respondent}.json`);
    writeFileSync(answersPath, JSON.stringify(file));
    const resultText = securebase('score', answersPath, '--bank', bankArg, '--format', 'json');
    const resultPath = join(tmp, `${bank.id}-${file.respondent}-result.json`);
    writeFileSync(resultPath, resultText);
    const result = JSON.parse(resultText);
    const bundle = JSON.parse(
      securebase('export', 'fhir-response', resultPath, '--bundle',
        '--subject', `Patient/${file.respondent}`, '--authored', '2026-03-01T09:30:00Z'),
    );
    const qr = bundle.entry[0].resource;
    check(`${name}: Bundle`, resourceProblems(bundle));
    check(`${name}: response conforms to its Questionnaire`, conformance(qr, q));
    check(`${name}: scores`, expressionScores(qr, q, calculated, result, bundle));
    n++;
  }
  console.log(`${bank.id}: ${n} generated responses checked`);
  return { bank, q, calculated };
}

// ---- negative controls ---------------------------------------------------

function controls({ q, calculated }) {
  const clone = (v) => structuredClone(v);
  const dup = clone(q);
  dup.item[1].linkId = dup.item[2].linkId;
  mustCatch('a repeated linkId (que-2)', invariantProblems(dup));
  const typo = clone(q);
  typo.item[1].type = 'choise';
  mustCatch('an unknown item type (R4 JSON Schema)', schemaProblems(typo));
  const nostatus = clone(q);
  delete nostatus.status;
  mustCatch('a missing status (cardinality)', invariantProblems(nostatus));
  const nosystem = clone(q);
  delete nosystem.item[1].answerOption[0].valueCoding.system;
  mustCatch('a coding without a system', genericProblems(nosystem));

  // A response to sb-short with one anxiety item too many missing: the
  // guarded expression gives nothing, a plain avg() would give a score.
  const short = JSON.parse(securebase('show', 'sb-short', '--format', 'json'));
  const tooMany = answerFiles(short).find(
    (f) => Object.entries(f.answers).filter(([k, v]) => k.startsWith('anx-') && v === null).length === 2,
  );
  const p = join(tmp, 'control.json');
  writeFileSync(p, JSON.stringify(tooMany));
  writeFileSync(join(tmp, 'control-result.json'), securebase('score', p, '--format', 'json'));
  const result = JSON.parse(readFileSync(join(tmp, 'control-result.json'), 'utf8'));
  const bundle = JSON.parse(securebase('export', 'fhir-response', join(tmp, 'control-result.json'), '--bundle'));
  const qr = bundle.entry[0].resource;
  const plain = clone(q);
  for (const item of plain.item) {
    const ext = item.extension?.find((e) => e.url.endsWith('calculatedExpression'));
    if (ext) {
      const w = ext.valueExpression.expression.match(/^iif\((.*)\.count\(\) >= \d+, /)[1];
      ext.valueExpression.expression = `${w}.avg().round(2)`;
    }
  }
  mustCatch('an unguarded avg() on too many missing answers', expressionScores(qr, plain, scoreItems(plain), result, bundle));
  const badCode = clone(qr);
  badCode.item.find((i) => i.answer?.[0]?.valueCoding).answer[0].valueCoding.code = '9';
  mustCatch('a response code outside the options', conformance(badCode, q));
  const nested = clone(qr);
  nested.item[0].item = [{ linkId: 'x' }];
  mustCatch('an answer nested under a question (qrs-1 / conformance)', [...invariantProblems(nested), ...conformance(nested, q)]);
  const wrongScore = clone(qr);
  const s = wrongScore.item.find((i) => i.answer?.[0]?.valueDecimal !== undefined);
  s.answer[0].valueDecimal += 0.5;
  mustCatch('a carried score that differs', expressionScores(wrongScore, q, calculated, result, bundle));
}

// ---- main ------------------------------------------------------------------

const started = Date.now();
try {
  const builtins = JSON.parse(securebase('list', '--format', 'json'))
    .filter((b) => b.origin === 'built-in')
    .map((b) => b.id);
  const extra = (process.env.SECUREBASE_FHIR_BANKS ?? '').split(':').filter(Boolean);
  const checked = [...builtins, ...extra].map(checkBank);
  controls(checked.find((c) => c.bank.id === 'sb-short'));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`fhir-check took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`fhir-check: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
