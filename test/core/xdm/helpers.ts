import { loadSchemaJson } from '../../../src-main/core/xdm/load-schema';
import type { LoadedSchema } from '../../../src-main/core/xdm/load-schema';
import {
  EXPERIENCE_EVENT_CLASS,
  PROFILE_CLASS,
  standardExperienceEventFieldGroups,
  standardProfileFieldGroups,
} from '../../../src-main/core/xdm/standard-library';

/** The standard customer Profile schema (class + IdentityMap + the four profile field groups). */
export function profileSchema(): LoadedSchema {
  return loadSchemaJson({ class: PROFILE_CLASS, fieldGroups: [...standardProfileFieldGroups], title: 'Customers' });
}

/** The standard ExperienceEvent schema (class + commerce, web and environment field groups). */
export function experienceEventSchema(): LoadedSchema {
  return loadSchemaJson({ class: EXPERIENCE_EVENT_CLASS, fieldGroups: [...standardExperienceEventFieldGroups], title: 'Events' });
}
