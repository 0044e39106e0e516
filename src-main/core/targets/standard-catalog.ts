import type { XdmFieldTree } from '../../../src-shared/xdm/field-tree';
import { loadSchemaJson } from '../xdm/index';
import { EXPERIENCE_EVENT_CLASS, PROFILE_CLASS } from '../xdm/standard-library';
import type { StandardCatalog } from './propose-target';

/**
 * The standard classes and field groups a new target may use, resolved offline from the XDM
 * library the app ships.
 * Why these groups: they are the ones the app's own standard targets use; identity map and
 * consents are left out because a file's columns never feed them directly (a consent object
 * the file does not carry is what failed the "extraneous key [consents]" batch).
 */
const candidateGroups: Record<string, readonly string[]> = {
  [PROFILE_CLASS]: [
    'https://ns.adobe.com/xdm/context/profile-person-details',
    'https://ns.adobe.com/xdm/context/profile-personal-details',
    'https://ns.adobe.com/xdm/mixins/profile/profile-loyalty-details',
  ],
  [EXPERIENCE_EVENT_CLASS]: [
    'https://ns.adobe.com/xdm/context/experienceevent-commerce',
    'https://ns.adobe.com/xdm/context/experienceevent-web',
    'https://ns.adobe.com/xdm/context/experienceevent-environment-details',
  ],
};

export function offlineStandardCatalog(libraryDir?: string): StandardCatalog {
  const trees = new Map<string, XdmFieldTree>();
  const tree = (classId: string, groups: readonly string[]): XdmFieldTree => {
    const key = [classId, ...groups].join(' ');
    let found = trees.get(key);
    if (!found) {
      found = loadSchemaJson({ class: classId, fieldGroups: [...groups] }, libraryDir).tree;
      trees.set(key, found);
    }
    return found;
  };
  return {
    classIds: { profile: PROFILE_CLASS, event: EXPERIENCE_EVENT_CLASS },
    fieldGroups: (classId) => candidateGroups[classId] ?? [],
    tree,
  };
}
