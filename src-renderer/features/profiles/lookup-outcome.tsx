import { Content, Heading, InlineAlert } from '@adobe/react-spectrum';
import type { ProfileLookup } from '../../../src-shared/ipc/requests/entities';

/**
 * A lookup that found no profile, or that Profile refused, with what to do.
 * Why the two look different: "no profile" sends a steward to the dataset, schema or namespace;
 * a 403 is an entitlement of the org, and says nothing about whether the profile exists.
 */
export function LookupOutcome({ lookup }: { lookup: ProfileLookup }) {
  if (lookup.status === 'forbidden')
    return (
      <InlineAlert variant="negative" UNSAFE_className="profile-outcome">
        <Heading>Not allowed to read profiles on this connection</Heading>
        <Content>{lookup.explanation}</Content>
      </InlineAlert>
    );
  if (lookup.status === 'not-found')
    return (
      <InlineAlert variant="notice" UNSAFE_className="profile-outcome">
        <Heading>
          No profile for {lookup.namespace} “{lookup.id}”
        </Heading>
        <Content>{lookup.explanation}</Content>
      </InlineAlert>
    );
  return null;
}
