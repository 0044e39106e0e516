import { loadSchemaJson } from '../../../src-main/core/xdm/load-schema';
import type { LoadedSchema } from '../../../src-main/core/xdm/load-schema';
import { PROFILE_CLASS, standardProfileFieldGroups } from '../../../src-main/core/xdm/standard-library';

/** The standard customer Profile schema (class + IdentityMap + the four profile field groups). */
export function profileSchema(): LoadedSchema {
  return loadSchemaJson({ class: PROFILE_CLASS, fieldGroups: [...standardProfileFieldGroups], title: 'Customers' });
}
