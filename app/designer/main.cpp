#include <QApplication>
#include <QMainWindow>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Logic Designer"));
    QApplication::setOrganizationName(QStringLiteral("LogicDesigner"));
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Logic Designer"));
    window.resize(1200, 800);
    window.show();
    return app.exec();
}
