#pragma once

namespace designer {

// Reads the system's fonts on a second thread while the designer starts.
// Fontconfig parses every file under /etc/fonts on its first use, the largest
// single cost of a start (more than building the whole window), and Qt then
// lists every font into its font database; nothing else needs either until
// the first text is measured.
// - start() at the top of main: reads the font configuration;
// - applicationReady() once the QApplication is made and the program will
//   build its window (not before --help or --version, which end at once):
//   the thread goes on to fill Qt's font database;
// - finish() before the first text is measured: waits for what is left, so
//   Qt finds everything loaded and reads nothing a second time.
// All three are called from the main thread only.
class FontPreload
{
public:
    static void start();
    static void applicationReady();
    static void finish();
};

} // namespace designer
