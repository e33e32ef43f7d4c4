import { cesqlFilter, CesqlParseError } from '../../../../src/lib/eventing/filters/cesql.js';
import { parseCesql } from '../../../../src/lib/eventing/filters/cesql/parse.js';
import { evaluate } from '../../../../src/lib/eventing/filters/cesql/evaluate.js';

const event = {
  specversion: '1.0',
  id: 'abc-123',
  source: '/sensors/room1',
  type: 'com.example.temperature',
  subject: 'Room 1',
  temp: '21',
  flag: 'true',
};
const run = (expr: string) => cesqlFilter(expr).filter(event);
const value = (expr: string) => evaluate(parseCesql(expr), event);

describe('CESQL evaluation', () => {
  it.each([
    ["type = 'com.example.temperature'", 'pass'],
    ["type = 'x'", 'fail'],
    ["type != 'x'", 'pass'],
    ["type <> 'x'", 'pass'],
    ["type LIKE 'com.example.%'", 'pass'],
    ["type LIKE 'com._xample%'", 'pass'],
    ["type NOT LIKE 'com.%'", 'fail'],
    ["subject LIKE 'Room\\_1'", 'fail'],
    ["source IN ('/a', '/sensors/room1')", 'pass'],
    ["source NOT IN ('/a', '/b')", 'pass'],
    ['EXISTS temp', 'pass'],
    ['EXISTS nope', 'fail'],
    ['NOT EXISTS nope', 'pass'],
    ['temp > 20', 'pass'],
    ['temp >= 22', 'fail'],
    ['temp + 1 = 22', 'pass'],
    ['temp = 21', 'pass'],
    ["flag AND type = 'com.example.temperature'", 'pass'],
    ['flag XOR TRUE', 'fail'],
    ['FALSE OR flag', 'pass'],
    ["nope = 'x'", 'fail'],
    ["EXISTS nope AND nope = 'x'", 'fail'],
    ["nope = 'x' OR TRUE", 'fail'],
    ['temp / 0 = 1', 'fail'],
    ["type = 'com.example.temperature' and source = '/sensors/room1'", 'pass'],
    ["LOWER(subject) = 'room 1'", 'pass'],
    ['LENGTH(id) = 7', 'pass'],
    ["CONCAT(id, '-', temp) = 'abc-123-21'", 'pass'],
    ["SUBSTRING(source, -5) = 'room1'", 'pass'],
    ['IS_INT(temp) AND NOT IS_INT(subject)', 'pass'],
    ["'x'", 'fail'],
  ] as const)('%s -> %s', (expr, want) => {
    expect(run(expr)).toBe(want);
  });

  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['7 % 4', 3],
    ['-5 + 2', -3],
    ['2147483647 + 1', -2147483648],
    ["CONCAT_WS(',', 'a', 'b')", 'a,b'],
    ["LEFT('hello', 2)", 'he'],
    ["RIGHT('hello', 3)", 'llo'],
    ["UPPER(TRIM('  x '))", 'X'],
    ['ABS(-4)', 4],
    ["INT('42')", 42],
    ["BOOL('TRUE')", true],
    ['STRING(12)', '12'],
    ["'it''s'", "it's"],
    ['"dq"', 'dq'],
    // AND, OR and XOR share one right-associative level: FALSE AND (FALSE OR TRUE).
    ['FALSE AND FALSE OR TRUE', false],
    ["'a\\'b'", "a'b"],
  ])('%s = %j', (expr, want) => {
    expect(value(expr)).toBe(want);
  });

  it.each(['', 'type =', "type LIKE 5", 'EXISTS 5', 'FOO(1)', 'LENGTH()', "(type = 'a'", "'unterminated", '99999999999', 'a ! b'])('rejects %j', (expr) => {
    expect(() => parseCesql(expr)).toThrow(CesqlParseError);
  });
});
