/** Public code sets: loaders of the published formats and the lookups scrub edits use. */
export type * from "./types.js";
export { icd10CmCodeSet, normalizeIcd10, parseIcd10CmOrderFile } from "./icd10cm.js";
export type { Icd10CmRelease, ReleaseDates } from "./icd10cm.js";
export { hcpcsCodeSet, hcpcsVersionFromFileName, parseHcpcsRecords } from "./hcpcs.js";
export type { HcpcsRelease } from "./hcpcs.js";
export { parseAdjustmentCodeList } from "./adjustment-codes.js";
export { parsePlaceOfServiceList } from "./place-of-service.js";
export { CODESET_FILES, defaultCodesetsDir, loadCodeSets } from "./files.js";
