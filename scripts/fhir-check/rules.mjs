// The checks of check.mjs that are securebase's own (no validator does
// them): a response against its Questionnaire, the computed scores, and a
// walk of the JSON for empty values and incomplete codings.
import fhirpath from 'fhirpath';
import r4model from 'fhirpath/fhir-context/r4/index.js';

const CALCULATED = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression';

/** ele-1 and friends, in JSON terms: no empty string, array or object
 * anywhere; every extension has a url; every coding a system and a code. */
export function genericProblems(res) {
  const out = [];
  const walk = (v, path) => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${path}: an empty array`);
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      if (Object.keys(v).length === 0) out.push(`${path}: an empty object`);
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'extension' || k === 'modifierExtension') && Array.isArray(x)) {
          x.forEach((e, i) => { if (typeof e?.url !== 'string') out.push(`${path}.${k}[${i}]: no url`); });
        }
        if (k === 'valueCoding' || k === 'coding') {
          for (const c of Array.isArray(x) ? x : [x]) {
            if (!c?.system || !c?.code) out.push(`${path}.${k}: a coding needs system and code`);
          }
        }
        walk(x, path ? `${path}.${k}` : k);
      }
    } else if (v === null) {
      out.push(`${path}: null`);
    } else if (typeof v === 'string' && v.trim() === '') {
      out.push(`${path}: an empty string`);
    }
  };
  walk(res, '');
  return out;
}

/** Every item of a Questionnaire by linkId, with its parent group. */
function index(q) {
  const m = new Map();
  const walk = (items, parent) => {
    for (const it of items ?? []) {
      m.set(it.linkId, { item: it, parent });
      walk(it.item, it.linkId);
    }
  };
  walk(q.item, null);
  return m;
}

const VALUE_OF = { choice: 'valueCoding', boolean: 'valueBoolean', decimal: 'valueDecimal' };

/** The response against its Questionnaire: the canonical, each linkId
 * known and nested where the Questionnaire has it, answered once at most,
 * with the value type of its item, codings among the item's options, and
 * nothing answered that an enableWhen disables. */
export function conformance(qr, q) {
  const out = [];
  if (qr.questionnaire !== `${q.url}|${q.version}`) out.push(`questionnaire ${qr.questionnaire} is not ${q.url}|${q.version}`);
  const items = index(q);
  const answers = new Map();
  const seen = new Set();
  const walk = (list, parent, path) => {
    for (const [i, it] of (list ?? []).entries()) {
      const at = `${path}[${i}] ${it.linkId}`;
      const def = items.get(it.linkId);
      if (!def) { out.push(`${at}: not in the Questionnaire`); continue; }
      if (def.parent !== parent) out.push(`${at}: nested under ${parent}, the Questionnaire has ${def.parent}`);
      if (seen.has(it.linkId)) out.push(`${at}: repeated`);
      seen.add(it.linkId);
      const type = def.item.type;
      if (type === 'group' || type === 'display') {
        if (it.answer) out.push(`${at}: a ${type} with an answer`);
      } else {
        if ((it.answer ?? []).length > 1 && !def.item.repeats) out.push(`${at}: several answers`);
        for (const a of it.answer ?? []) {
          const key = Object.keys(a).find((k) => k.startsWith('value'));
          if (key !== VALUE_OF[type]) out.push(`${at}: ${key} on a ${type} item`);
          if (a.item) out.push(`${at}: items nested under an answer`);
          if (type === 'choice') {
            const ok = def.item.answerOption.some((o) => o.valueCoding.system === a.valueCoding?.system && o.valueCoding.code === a.valueCoding?.code);
            if (!ok) out.push(`${at}: coding ${a.valueCoding?.system}|${a.valueCoding?.code} is not an option`);
          }
          answers.set(it.linkId, a);
        }
      }
      walk(it.item, it.linkId, `${at}.item`);
    }
  };
  walk(qr.item, null, 'item');
  for (const [link, { item }] of items) {
    for (const w of item.enableWhen ?? []) {
      const given = answers.get(w.question);
      const enabled = w.operator === '!=' ? given?.valueBoolean !== w.answerBoolean : given?.valueBoolean === w.answerBoolean;
      if (!enabled && answers.has(link)) out.push(`${link}: answered while disabled by ${w.question}`);
    }
  }
  return out;
}

/** The Questionnaire's computed items: linkId → expression. */
export function scoreItems(q) {
  const out = new Map();
  for (const { item } of index(q).values()) {
    const e = item.extension?.find((x) => x.url === CALCULATED);
    if (e) out.set(item.linkId, e.valueExpression.expression);
  }
  return out;
}

/** securebase's score for a score linkId, from its result document. */
function resultScore(result, link) {
  const parts = link.split('/');
  const dims = parts.length === 3 ? result.targets.find((t) => t.id === parts[0]).dimensions : result.dimensions;
  return dims.find((d) => d.id === parts[parts.length - 1]).score;
}

/** The QR's answers to the computed items. */
function carried(qr) {
  const m = new Map();
  const walk = (items) => {
    for (const it of items ?? []) {
      const v = it.answer?.[0]?.valueDecimal;
      if (v !== undefined) m.set(it.linkId, v);
      walk(it.item);
    }
  };
  walk(qr.item);
  return m;
}

/** Each expression evaluated by fhirpath.js on the response with its
 * score answers removed, against securebase's score rounded to 2 places
 * (as Math.round does, like FHIRPath's round in fhirpath.js); the score
 * answers the response carries and each Observation of the bundle must
 * be the same numbers. */
export function expressionScores(qr, q, calculated, result, bundle) {
  const out = [];
  const bare = structuredClone(qr);
  const strip = (items) => (items ?? []).filter((it) => !calculated.has(it.linkId)).map((it) => (it.item ? { ...it, item: strip(it.item) } : it));
  bare.item = strip(bare.item);
  const given = carried(qr);
  const observed = new Map();
  for (const e of bundle.entry.slice(1)) {
    const o = e.resource;
    if (o.derivedFrom?.[0]?.reference !== bundle.entry[0].fullUrl) out.push(`${e.fullUrl}: derivedFrom is not the response`);
    observed.set(o.code.coding[0].code, o.valueQuantity.value);
  }
  for (const [link, expr] of calculated) {
    let got;
    try {
      got = fhirpath.evaluate(bare, expr, { resource: bare, questionnaire: q }, r4model);
    } catch (err) {
      out.push(`${link}: ${err.message}`);
      continue;
    }
    const raw = resultScore(result, link);
    const want = raw === null ? [] : [Math.round(raw * 100) / 100];
    const value = got.length ? [Number(got[0])] : [];
    if (JSON.stringify(value) !== JSON.stringify(want)) out.push(`${link}: FHIRPath gives ${JSON.stringify(value)}, securebase ${JSON.stringify(want)} (unrounded ${raw})`);
    const inQr = given.has(link) ? [given.get(link)] : [];
    if (JSON.stringify(inQr) !== JSON.stringify(want)) out.push(`${link}: the response carries ${JSON.stringify(inQr)}, securebase ${JSON.stringify(want)}`);
    const code = link.replace('/score/', '.').replace(/^score\//, '');
    const obs = observed.has(code) ? [observed.get(code)] : [];
    if (JSON.stringify(obs) !== JSON.stringify(want)) out.push(`${link}: the Observation has ${JSON.stringify(obs)}, securebase ${JSON.stringify(want)}`);
  }
  return out;
}
