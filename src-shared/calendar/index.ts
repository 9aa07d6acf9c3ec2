export {
  BusinessCalendar,
  type BusinessCalendarInput,
  CalendarWeekday,
  calendarWeekdayNames,
  calendarWeekdays,
  DEFAULT_BUSINESS_CALENDAR,
  Holiday,
  WeeklyHours,
  WorkingWindow,
} from './schema.js';
export {
  addBusinessDays,
  addBusinessTime,
  businessTimeBetween,
  isWorkingInstant,
  nextWorkingInstant,
} from './business-time.js';
export { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time-zone.js';
export { freeSlots, type FreeSlotArgs, localDateOf, localDayBounds } from './free-slots.js';
export { addLocalDays, instantAtLocal, localMinuteOfDay, weekdayOfDate } from './wall-clock.js';
