// `npm run lint`: typescript-eslint's recommended rules, the rules of hooks (eslint-plugin-react-hooks) and
// accessibility of the JSX (eslint-plugin-jsx-a11y), with no warning allowed.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Built output and the types openapi-typescript generates (npm run types).
  { ignores: ["www/", "dist/", "node_modules/", "src/api-schema.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  { files: ["src/**/*.tsx"], ...jsxA11y.flatConfigs.recommended },
  {
    files: ["scripts/**/*.{js,mjs,ts,mts}", "*.{js,mjs,ts,mts}"],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      // `_` names are placeholders on purpose (unused parameters, rest siblings that drop a prop).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
);
