// Starts the real services (Kafka, Apicurio) once per test run. Filled in by test/infra/*.
export default async function setup(): Promise<void | (() => Promise<void>)> {
  return undefined;
}
