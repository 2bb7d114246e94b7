export { scoreRisk, reasonsText, type RiskFacts, type RiskAssessment, type RiskReason, type AvsResult, type CvvResult, type RiskAddress } from './score-risk.js';
export { defaultRiskConfig, mergeRiskConfig, ruleIds, type RiskConfig, type RuleId } from './risk-config.js';
export { normaliseAddress, normaliseEmail, normaliseFingerprint, emailDomain, blocklistKinds, type BlocklistKind } from './normalise.js';
export { disposableEmailDomains } from './disposable-domains.js';
