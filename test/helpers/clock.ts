/** The fixed instant (2023-11-14T22:13:20Z) the unit tests set their clocks at. */
export const T0 = 1_700_000_000_000;
