// opencc-js ships its dictionaries as modules without declarations: each is a string of
// `source replacement` pairs separated by `|`.
declare module "opencc-js/dict/TSPhrases" {
  const dict: string;
  export default dict;
}
declare module "opencc-js/dict/TSCharacters" {
  const dict: string;
  export default dict;
}
