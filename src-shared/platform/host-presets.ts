/**
 * Host presets for AEP environments.
 * Why: the hosts differ only by environment, and typing three URLs by hand is where connections go
 * wrong; a preset fills them and the fields stay editable for regional or private hosts.
 */
export interface HostPreset {
  id: string;
  label: string;
  imsUrl: string;
  platformUrl: string;
  streamingUrl: string;
}

export const hostPresets: readonly HostPreset[] = [
  {
    id: 'aep-production',
    label: 'Adobe Experience Platform',
    imsUrl: 'https://ims-na1.adobelogin.com',
    platformUrl: 'https://platform.adobe.io',
    streamingUrl: 'https://dcs.adobedc.net',
  },
  {
    // platform-stage.adobe.io is a server in every Platform spec; the IMS and DCS stage hosts
    // are Adobe's usual stage names and must be checked against the credential's Console page.
    id: 'aep-stage',
    label: 'Adobe Experience Platform (stage)',
    imsUrl: 'https://ims-na1-stg1.adobelogin.com',
    platformUrl: 'https://platform-stage.adobe.io',
    streamingUrl: 'https://dcs-stg.adobedc.net',
  },
];

export const defaultHostPreset: HostPreset = hostPresets[0] as HostPreset;

export function findHostPreset(id: string): HostPreset | undefined {
  return hostPresets.find((preset) => preset.id === id);
}
