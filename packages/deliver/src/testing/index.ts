// Test fixtures of delivery (`@touming/deliver/testing`): a graded and published jurisdiction.
export { QINGHE, fakePdf, gradeAndPublish, importQinghe } from "./jurisdiction-fixture.js";
export type { FixtureGrade } from "./jurisdiction-fixture.js";
