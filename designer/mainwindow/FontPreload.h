#pragma once

namespace designer {

// Reads the system's font configuration on a second thread while the
// designer starts. Fontconfig parses every file under /etc/fonts on its first
// use, which is the largest single cost of a start (more than building the
// whole window), and nothing else needs it until the first text is measured.
// start() at the top of main, finish() before the first text is measured:
// finish() waits for what is left, so Qt finds the configuration loaded and
// does not read it a second time. Both are called from the main thread only.
class FontPreload
{
public:
    static void start();
    static void finish();
};

} // namespace designer
