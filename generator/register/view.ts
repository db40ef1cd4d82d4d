/** Re-export of the shared registration view (generator/load/registration-view.ts). */
import type { RegistrationView } from '../load/registration-view.js';
export { buildRegistrationView } from '../load/registration-view.js';

export function plannedSubjectsOf(view: RegistrationView): string[] {
  return view.units.map((u) => u.subject);
}
