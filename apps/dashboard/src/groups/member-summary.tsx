import Box from '@cloudscape-design/components/box';

import type { ProtectionGroup } from '../api/resources';
import { describeTagSelector } from './membership';

/** Shows the member mode of a group: "Explicit list", or "Tag selector" with the selector in words. */
export function MemberSummary({ group }: { group: ProtectionGroup }) {
  if (!group.tagSelector) {
    return <>Explicit list</>;
  }

  return (
    <>
      <div>Tag selector</div>
      <Box variant="small" color="text-body-secondary">
        {describeTagSelector(group.tagSelector)}
      </Box>
    </>
  );
}
