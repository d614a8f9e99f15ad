// react-router-dom v5 ships no types and @types/react-router-dom is not installed; the host
// only hands it to plugins and wraps pages in its <Router>.
declare module 'react-router-dom';
