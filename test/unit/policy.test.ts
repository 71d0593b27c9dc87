import { bookedMinutes } from '../../domain/policy';

test('the booked time is the estimate and its margin, in whole minutes', () => {
  expect(bookedMinutes({ promiseMarginShare: 0.3 }, 60)).toBe(78);
  expect(bookedMinutes({ promiseMarginShare: 0.3 }, 1)).toBe(2);
  expect(bookedMinutes({ promiseMarginShare: 0 }, 90)).toBe(90);
});

test('a ticket started before margins existed books its bare estimate', () => {
  expect(bookedMinutes({} as { promiseMarginShare: number }, 90)).toBe(90);
});
