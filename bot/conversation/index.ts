/**
 * The conversation, as a chat adapter sees it: `step(state, input)` and the types it takes and returns.
 * Everything else in this folder is how a step is computed.
 */
export type { AnswerChange, Effect, EngineState, Input, Reply, StepResult } from "./state.js";
export { initialState, isState } from "./state.js";
export { step } from "./step.js";
