// Benchmark page script for bench/pages/floor.html: the time its module script runs, as
// milliseconds since navigation start (window.firstPage, as the form pages set it).
window.firstPage = Promise.resolve(performance.now());
