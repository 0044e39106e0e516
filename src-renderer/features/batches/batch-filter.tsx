import { ActionButton, DateRangePicker, type DateValue, Flex, Item, Picker, type SpectrumDateRangePickerProps, Text } from '@adobe/react-spectrum';
import ChevronLeft from '@spectrum-icons/workflow/ChevronLeft';
import ChevronRight from '@spectrum-icons/workflow/ChevronRight';
import { useState } from 'react';
import { type BatchFilter, batchStatuses } from '../../../src-shared/ipc/requests/batches';
import type { BatchPage } from '../../queries/keys';
import { BATCHES_PER_PAGE } from '../../queries/server-queries';
import { statusView } from './batch-words';

type Range = NonNullable<SpectrumDateRangePickerProps<DateValue>['value']> | null;

/** Catalog's bounds exclude their instant: after the day before the first, before the day after the last. */
function createdBounds(range: Range): Pick<BatchFilter, 'createdAfter' | 'createdBefore'> {
  if (!range) return {};
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return { createdAfter: range.start.toDate(zone).getTime() - 1, createdBefore: range.end.add({ days: 1 }).toDate(zone).getTime() };
}

/**
 * The Batches screen's filter (created between two days, one status) and its pages.
 * Why Catalog filters and pages: a dataset loaded daily holds thousands of batches; Catalog
 * answers `createdAfter`, `createdBefore`, `status`, `start` and `limit` itself.
 */
export function BatchFilterBar({ page, onChange, shown }: { page: BatchPage; onChange: (page: BatchPage) => void; shown: number }) {
  const [range, setRange] = useState<Range>(null);
  const status = page.filter.status ?? 'any';
  const filterWith = (next: { range?: Range; status?: string }) => {
    const chosen = next.status ?? status;
    onChange({
      start: 0,
      filter: {
        ...createdBounds(next.range !== undefined ? next.range : range),
        ...(chosen === 'any' ? {} : { status: chosen as BatchFilter['status'] & string }),
      },
    });
  };
  const first = page.start + 1;
  return (
    <Flex alignItems="end" gap="size-200" wrap>
      <DateRangePicker
        label="Created between"
        granularity="day"
        value={range}
        onChange={(value) => {
          setRange(value);
          filterWith({ range: value });
        }}
      />
      <Picker label="Status" selectedKey={status} onSelectionChange={(key) => filterWith({ status: String(key) })} width="size-2000">
        {[<Item key="any">Any status</Item>, ...batchStatuses.map((s) => <Item key={s}>{statusView(s).label}</Item>)]}
      </Picker>
      {range || status !== 'any' ? (
        <ActionButton
          onPress={() => {
            setRange(null);
            onChange({ start: 0, filter: {} });
          }}
        >
          Clear filter
        </ActionButton>
      ) : null}
      <Flex alignItems="center" gap="size-100" marginStart="auto">
        <Text UNSAFE_className="prepare-muted" aria-live="polite">
          {shown === 0 ? 'None' : `${first}–${page.start + shown}`}
        </Text>
        <ActionButton
          aria-label="Newer batches"
          isDisabled={page.start === 0}
          onPress={() => onChange({ ...page, start: Math.max(0, page.start - BATCHES_PER_PAGE) })}
        >
          <ChevronLeft />
        </ActionButton>
        <ActionButton
          aria-label="Older batches"
          isDisabled={shown < BATCHES_PER_PAGE}
          onPress={() => onChange({ ...page, start: page.start + BATCHES_PER_PAGE })}
        >
          <ChevronRight />
        </ActionButton>
      </Flex>
    </Flex>
  );
}
