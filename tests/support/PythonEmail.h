#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace testsupport {

// Reads a message with Python's email package (policy=default) through
// tests/support/parse_message.py: an independent check of what a MIME
// builder wrote. Returns the script's JSON, or an object with "error".
QJsonObject parseWithPython(const QByteArray& message);
// The same for a message already in a file.
QJsonObject parseFileWithPython(const QString& path);
// The part at `path` ("", "0", "1.0") of a parse result; empty when none.
QJsonObject pythonPart(const QJsonObject& parsed, const QString& path);
// The first decoded value of a header, empty when absent.
QString pythonHeader(const QJsonObject& parsed, const QString& name);

} // namespace testsupport
