// Matchers such as toBeInTheDocument for @testing-library/react tests.
import '@testing-library/jest-dom';
