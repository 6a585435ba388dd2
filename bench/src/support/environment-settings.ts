/**
 * Reads benchmark settings from environment variables: `read(name)` gives the value trimmed, or
 * `undefined` when the variable is unset or blank (so it keeps its default).
 */
export function environmentReader(
  environment: NodeJS.ProcessEnv,
): (name: string) => string | undefined {
  return (name) => {
    const value = environment[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
}

/**
 * A whole-number setting from `minimum` to `maximum`.
 * @throws RangeError naming the variable, the range and the text it was given.
 */
export function wholeNumberSetting(
  name: string,
  text: string,
  minimum: number,
  maximum: number,
): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new RangeError(
      `${name} must be a whole number from ${minimum} to ${maximum}, got "${text}"`,
    );
  }
  return value;
}
