// Matchers such as toBeInTheDocument for @testing-library/react tests.
require('@testing-library/jest-dom');
