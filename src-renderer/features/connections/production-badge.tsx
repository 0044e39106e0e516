import { Badge, Text } from '@adobe/react-spectrum';
import Alert from '@spectrum-icons/workflow/Alert';

/**
 * The loud mark on a production sandbox.
 * Why red and worded: data loaded there reaches real customer profiles; the mark must be seen at
 * a glance in the header and on every card, and the word says it to those who do not see red.
 */
export function ProductionBadge() {
  return (
    <Badge variant="negative" UNSAFE_className="production-badge">
      <Alert aria-hidden />
      <Text>Production</Text>
    </Badge>
  );
}
