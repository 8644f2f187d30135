import { Fragment } from 'react';
import { formatTimestamp } from './format.ts';

/** Text that may wrap only after the given characters (an e-mail after "@", an event type after "."). */
export function BreakAfter({ text, marks }: { text: string; marks: string }) {
  const parts: string[] = [];
  let current = '';
  for (const character of text) {
    current += character;
    if (marks.includes(character)) {
      parts.push(current);
      current = '';
    }
  }
  if (current) parts.push(current);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          <span className="nowrap">{part}</span>
        </Fragment>
      ))}
    </>
  );
}

/** Date and time on one line where there is room, on two where there is not. */
export function Timestamp({ value, withSeconds = true }: { value: string; withSeconds?: boolean }) {
  const [day, time] = formatTimestamp(value, withSeconds).split(' ');
  return (
    <time dateTime={value}>
      <span className="nowrap">{day}</span> <span className="nowrap">{time}</span>
    </time>
  );
}
