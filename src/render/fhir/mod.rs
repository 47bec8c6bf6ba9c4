//! HL7 FHIR R4 (4.0.1) with Structured Data Capture: a bank as a
//! `Questionnaire`, a result as a `QuestionnaireResponse`, and a
//! transaction `Bundle` that adds one `Observation` per score.
//!
//! Pure: a bank (and answers and scores) in, a `serde_json::Value` out.
//! Names (URLs, code systems, linkIds) come from [`crate::bank::fhir`];
//! the score rule in FHIRPath from [`expression`]. What the export maps is
//! what a result holds: the answers and the dimension scores (overall and
//! per relationship). Research notes with the pitfalls this avoids:
//! `shared/research/fhir.md`.

pub mod expression;
mod questionnaire;
mod response;

pub use questionnaire::{questionnaire, QuestionnaireOptions};
pub use response::{bundle, response, score_answers, ResponseMeta, ScoreAnswer};

/// SDC profiles the resources claim.
pub const SDC_QUESTIONNAIRE: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire";
pub const SDC_RESPONSE: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse";

/// The scoring weight of an answer option (the FHIR Extensions Pack; it
/// replaced `ordinalValue`). fhirpath.js's `weight()` reads it.
pub const ITEM_WEIGHT: &str = "http://hl7.org/fhir/StructureDefinition/itemWeight";
/// SDC: an item whose answer is computed by a FHIRPath expression.
pub const CALCULATED_EXPRESSION: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
/// SDC: an answer to this item becomes an Observation on extraction.
pub const OBSERVATION_EXTRACT: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract";
/// R4 core: the unit of a numeric item.
pub const QUESTIONNAIRE_UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
/// R4 core: decimal places allowed in an answer.
pub const MAX_DECIMAL_PLACES: &str = "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces";

pub const UCUM: &str = "http://unitsofmeasure.org";
/// The UCUM annotation for a unitless score.
pub const SCORE_UNIT: &str = "{score}";
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
