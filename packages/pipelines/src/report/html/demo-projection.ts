/** True when the projection behind the report is felles' demo projection, not SSB's. */
export function demoProjection(ctx: {
  input: { methods: { ssbTables: ReadonlyArray<{ isDemo?: boolean }> } };
}): boolean {
  return ctx.input.methods.ssbTables.some((s) => s.isDemo === true);
}
