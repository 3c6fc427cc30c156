// esbuild plugins for the Lambda bundles (serverless.yml custom.esbuild.plugins; bench/bundles.ts).
//
// pure-aws-schemas: AWS SDK clients since ~3.9xx describe every operation's shapes in one
// `dist-es/schemas/schemas_0.js` module. Some shapes are object literals with computed keys whose
// values are module constants (`{ [_eQN]: "Max" }` with `const _eQN = "ec2QueryName"`). esbuild must
// assume a computed key may run code (toString), so it keeps every such shape, and everything those
// shapes reference: the whole service model stays in the bundle (EC2: 545 KB for 3 commands; see
// aws/aws-sdk-js-v3#7607). Replacing each computed key by the string constant it names is the same
// object, and lets esbuild drop the shapes no imported command reaches (EC2: 545 KB -> 14 KB).
// Only `[_name]:` keys whose `_name` is a top-level `const _name = "..."` of the same file are touched.
'use strict';

const { readFile } = require('node:fs/promises');

const SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;
const STRING_CONSTANT = /^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm;
const COMPUTED_KEY = /\[(_\w+)\]:/g;

/** The schema module's source with constant computed keys written as plain string keys. */
function inlineConstantKeys(source) {
  const constants = new Map();
  for (const [, name, literal] of source.matchAll(STRING_CONSTANT)) constants.set(name, literal);
  let replaced = 0;
  const contents = source.replace(COMPUTED_KEY, (key, name) => {
    const literal = constants.get(name);
    if (literal === undefined) return key;
    replaced += 1;
    return `${literal}:`;
  });
  return { contents, replaced };
}

const pureAwsSchemas = {
  name: 'pure-aws-schemas',
  setup(build) {
    build.onLoad({ filter: SCHEMA_MODULE }, async (args) => ({
      contents: inlineConstantKeys(await readFile(args.path, 'utf8')).contents,
      loader: 'js',
    }));
  },
};

module.exports = [pureAwsSchemas];
module.exports.inlineConstantKeys = inlineConstantKeys;
module.exports.SCHEMA_MODULE = SCHEMA_MODULE;
