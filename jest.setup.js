// Matchers such as toBeInTheDocument for @testing-library/react tests.
import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI machines share 2 cores with other work: give findBy*/waitFor room before calling it a failure.
configure({ asyncUtilTimeout: 5000 });
