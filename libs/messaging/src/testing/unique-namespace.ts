/** A namespace no other test run uses, so tests never assume an empty NATS server or index cluster. */
export function uniqueNamespace(label: string): string {
  return `t${label}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
