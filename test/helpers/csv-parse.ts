/**
 * A strict RFC 4180 reader for tests: CRLF between records, quoted fields with doubled quotes;
 * anything else (a bare LF between records, a quote inside an unquoted field) throws, so a test
 * that reads a CSV back also proves it was written to the RFC.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let index = 0;
  const fail = (why: string): never => {
    throw new Error(`not RFC 4180 at offset ${index}: ${why}`);
  };
  while (index < text.length) {
    let value = '';
    if (text[index] === '"') {
      index += 1;
      for (;;) {
        if (index >= text.length) fail('unterminated quoted field');
        if (text[index] === '"') {
          if (text[index + 1] === '"') {
            value += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        value += text[index];
        index += 1;
      }
    } else {
      while (index < text.length && text[index] !== ',' && text[index] !== '\r') {
        if (text[index] === '"' || text[index] === '\n') fail(`${JSON.stringify(text[index])} in an unquoted field`);
        value += text[index];
        index += 1;
      }
    }
    record.push(value);
    if (text[index] === ',') {
      index += 1;
      continue;
    }
    if (text.startsWith('\r\n', index)) {
      index += 2;
      records.push(record);
      record = [];
      continue;
    }
    fail('a record must end with CRLF');
  }
  if (record.length > 0) fail('the last record has no CRLF');
  return records;
}
