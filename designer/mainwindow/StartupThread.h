#pragma once

#include <functional>

namespace designer {

// Start-up work on the second core while the main thread loads Qt and builds
// the window.
//
// First the fonts. Fontconfig parses every file under /etc/fonts on its first
// use, the largest single cost of a start (more than building the whole
// window), and Qt then lists every font into its font database; nothing else
// needs either until the first text is measured.
// - start() at the top of main: reads the font configuration;
// - applicationReady() once the QApplication is made and the program will
//   build its window (not before --help or --version, which end at once):
//   the thread goes on to fill Qt's font database;
// - finishFonts() before the first text is measured: waits for what is left,
//   so Qt finds everything loaded and reads nothing a second time.
//
// Then, until close(), whatever the window posts: work it will need for its
// first frame and can hand over (icons rendered to images). close() when the
// window is painted, or goes away unpainted: it waits for a task under way,
// drops those not begun, and the thread ends.
//
// All are called from the main thread only.
class StartupThread
{
public:
    static void start();
    static void applicationReady();
    static void finishFonts();
    // Runs `task` on the thread after the fonts; false (and nothing runs)
    // when there is no thread or it was closed.
    static bool post(std::function<void()> task);
    static void close();
};

} // namespace designer
