#include "designer/forms/ExpressionEdit.h"

#include "designer/forms/ExpressionText.h"
#include "engine/expressions/Expressions.h"

#include <QAbstractTextDocumentLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextObjectInterface>
#include <QToolTip>

namespace designer {
namespace {

constexpr int kChipType = QTextFormat::UserObject + 1;
constexpr int kExpressionProperty = QTextFormat::UserProperty + 1;
constexpr int kWholeProperty = QTextFormat::UserProperty + 2;
constexpr QChar kObject = QChar::ObjectReplacementCharacter;

// Draws a token as a rounded chip with its short label.
class ChipPainter : public QObject, public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)
public:
    explicit ChipPainter(QWidget* owner) : QObject(owner), m_owner(owner) {}

    QSizeF intrinsicSize(QTextDocument*, int, const QTextFormat& format) override
    {
        const QFontMetrics fm(chipFont(format));
        const QString label = ExpressionText::label(format.stringProperty(kExpressionProperty));
        return QSizeF(fm.horizontalAdvance(label) + 2 * kPad + kDot + 4, fm.height() + 2);
    }

    void drawObject(QPainter* painter, const QRectF& rect, QTextDocument*, int,
                    const QTextFormat& format) override
    {
        const QPalette pal = m_owner->palette();
        const QString label = ExpressionText::label(format.stringProperty(kExpressionProperty));
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QRectF chip = rect.adjusted(1, 1, -1, -1);
        QColor fill = pal.color(QPalette::Highlight);
        fill.setAlpha(38);
        QColor border = pal.color(QPalette::Highlight);
        border.setAlpha(110);
        painter->setPen(QPen(border, 1));
        painter->setBrush(fill);
        painter->drawRoundedRect(chip, chip.height() / 2, chip.height() / 2);
        // A small dot says "this comes from another step".
        painter->setPen(Qt::NoPen);
        painter->setBrush(pal.color(QPalette::Highlight));
        const QRectF dot(chip.left() + kPad - 1, chip.center().y() - kDot / 2.0, kDot, kDot);
        painter->drawEllipse(dot);
        painter->setFont(chipFont(format));
        painter->setPen(pal.color(QPalette::Text));
        painter->drawText(chip.adjusted(kPad + kDot + 3, 0, -kPad + 2, 0),
                          Qt::AlignVCenter | Qt::AlignLeft, label);
        painter->restore();
    }

private:
    static constexpr int kPad = 7;
    static constexpr int kDot = 6;

    QFont chipFont(const QTextFormat& format) const
    {
        QFont font = format.toCharFormat().font();
        font.setPointSizeF(std::max(6.0, m_owner->font().pointSizeF() * 0.92));
        return font;
    }

    QWidget* m_owner;
};

QTextCharFormat chipFormat(const QString& expression, bool whole)
{
    QTextCharFormat f;
    f.setObjectType(kChipType);
    f.setProperty(kExpressionProperty, expression);
    f.setProperty(kWholeProperty, whole);
    f.setToolTip(QStringLiteral("@{") + expression + QLatin1Char('}'));
    return f;
}

} // namespace

ExpressionEdit::ExpressionEdit(Mode mode, QWidget* parent) : QTextEdit(parent), m_mode(mode)
{
    setAcceptRichText(false);
    setTabChangesFocus(true);
    document()->documentLayout()->registerHandler(kChipType, new ChipPainter(this));
    document()->setDocumentMargin(3);
    if (m_mode == Mode::SingleLine) {
        setLineWrapMode(QTextEdit::NoWrap);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        setFixedHeight(sizeHint().height());
    } else {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    }
    connect(document(), &QTextDocument::contentsChanged, this, &ExpressionEdit::onContentsChanged);
}

ExpressionEdit::~ExpressionEdit() = default;

int ExpressionEdit::lineHeight() const
{
    return fontMetrics().lineSpacing() + 3;
}

QSize ExpressionEdit::sizeHint() const
{
    const int frame = 2 * frameWidth() + 2 * int(document()->documentMargin());
    if (m_mode == Mode::SingleLine)
        return {240, lineHeight() + frame};
    return {240, 6 * fontMetrics().lineSpacing() + frame};
}

QSize ExpressionEdit::minimumSizeHint() const
{
    const QSize hint = sizeHint();
    return {80, m_mode == Mode::SingleLine ? hint.height() : hint.height() / 2};
}

QString ExpressionEdit::textOf(int from, int to) const
{
    QString out;
    QList<ExpressionText::Segment> segments;
    QString plain;
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
        if (block != document()->begin() && block.position() > from && block.position() <= to)
            plain += QLatin1Char('\n');
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const int start = fragment.position();
            const QString text = fragment.text();
            const QTextCharFormat format = fragment.charFormat();
            for (int i = 0; i < text.size(); ++i) {
                const int pos = start + i;
                if (pos < from || pos >= to)
                    continue;
                if (text.at(i) == kObject && format.objectType() == kChipType) {
                    if (!plain.isEmpty())
                        segments.append({ExpressionText::Segment::Kind::Text, plain, false});
                    plain.clear();
                    segments.append({ExpressionText::Segment::Kind::Token,
                                     format.stringProperty(kExpressionProperty),
                                     format.boolProperty(kWholeProperty)});
                } else {
                    plain += text.at(i);
                }
            }
        }
    }
    if (!plain.isEmpty())
        segments.append({ExpressionText::Segment::Kind::Text, plain, false});
    return ExpressionText::join(segments);
}

QString ExpressionEdit::text() const
{
    return textOf(0, document()->characterCount());
}

QStringList ExpressionEdit::tokens() const
{
    QStringList out;
    for (const auto& s : ExpressionText::split(text())) {
        if (s.kind == ExpressionText::Segment::Kind::Token)
            out.append(s.text);
    }
    return out;
}

void ExpressionEdit::fill(const QString& text)
{
    m_filling = true;
    document()->clear();
    QTextCursor cursor(document());
    QTextCharFormat plainFormat;
    for (const auto& s : ExpressionText::split(text)) {
        if (s.kind == ExpressionText::Segment::Kind::Text) {
            QString t = s.text;
            if (m_mode == Mode::SingleLine)
                t.replace(QLatin1Char('\n'), QLatin1Char(' '));
            cursor.insertText(t, plainFormat);
        } else {
            cursor.insertText(QString(kObject), chipFormat(s.text, s.whole));
        }
    }
    m_filling = false;
}

void ExpressionEdit::setText(const QString& text)
{
    if (text == this->text())
        return;
    const int position = textCursor().position();
    fill(text);
    QTextCursor cursor(document());
    cursor.setPosition(std::min(position, document()->characterCount() - 1));
    setTextCursor(cursor);
    checkSyntax(text);
}

void ExpressionEdit::insertToken(const QString& expression)
{
    QTextCursor cursor = textCursor();
    // A token next to other text is interpolated; alone it is the whole value
    // (keeps its type, as Logic Apps writes it).
    cursor.insertText(QString(kObject), chipFormat(expression, false));
    cursor.setCharFormat(QTextCharFormat());
    setTextCursor(cursor);
    setFocus(Qt::OtherFocusReason);
}

void ExpressionEdit::onContentsChanged()
{
    if (m_filling)
        return;
    const QString current = text();
    checkSyntax(current);
    Q_EMIT textEdited(current);
}

void ExpressionEdit::checkSyntax(const QString& text)
{
    QString error;
    const QList<engine::Error> errors = engine::checkSyntax(text);
    if (!errors.isEmpty())
        error = errors.first().message;
    if (error != m_syntaxError) {
        m_syntaxError = error;
        Q_EMIT syntaxErrorChanged(error);
    }
}

void ExpressionEdit::keyPressEvent(QKeyEvent* event)
{
    if (m_mode == Mode::SingleLine &&
        (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)) {
        event->ignore(); // a one-line field has no line breaks; let the form have the key
        return;
    }
    QTextEdit::keyPressEvent(event);
    // Typing right after a chip must not continue in the chip's format.
    QTextCursor cursor = textCursor();
    if (cursor.charFormat().objectType() == kChipType) {
        cursor.setCharFormat(QTextCharFormat());
        setTextCursor(cursor);
    }
}

void ExpressionEdit::focusOutEvent(QFocusEvent* event)
{
    // Tokens typed by hand become chips once the person leaves the field.
    const QString current = text();
    bool typedToken = false;
    for (QTextBlock block = document()->begin(); block.isValid() && !typedToken;
         block = block.next()) {
        typedToken = block.text().contains(QStringLiteral("@{"));
    }
    if (typedToken || (current.startsWith(QLatin1Char('@')) && tokens().size() == 1 &&
                       document()->characterCount() > 2)) {
        const int position = textCursor().position();
        fill(current);
        QTextCursor cursor(document());
        cursor.setPosition(std::min(position, document()->characterCount() - 1));
        setTextCursor(cursor);
    }
    QTextEdit::focusOutEvent(event);
}

QMimeData* ExpressionEdit::createMimeDataFromSelection() const
{
    // Chips are copied as their tokens, so they paste anywhere as text.
    const QTextCursor cursor = textCursor();
    auto* data = new QMimeData;
    data->setText(textOf(cursor.selectionStart(), cursor.selectionEnd()));
    return data;
}

bool ExpressionEdit::canInsertFromMimeData(const QMimeData* source) const
{
    return source->hasText();
}

void ExpressionEdit::insertFromMimeData(const QMimeData* source)
{
    QString pasted = source->text();
    if (m_mode == Mode::SingleLine)
        pasted.replace(QLatin1Char('\n'), QLatin1Char(' '));
    QTextCursor cursor = textCursor();
    cursor.beginEditBlock();
    cursor.removeSelectedText();
    for (const auto& s : ExpressionText::split(pasted)) {
        if (s.kind == ExpressionText::Segment::Kind::Text)
            cursor.insertText(s.text, QTextCharFormat());
        else
            cursor.insertText(QString(kObject), chipFormat(s.text, s.whole));
    }
    cursor.endEditBlock();
    setTextCursor(cursor);
}

bool ExpressionEdit::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        // The full expression of the chip under the mouse.
        auto* help = static_cast<QHelpEvent*>(event);
        const QTextCursor cursor = cursorForPosition(help->pos());
        const int pos = cursor.position();
        for (const int p : {pos, pos - 1}) {
            QTextCursor probe(document());
            probe.setPosition(std::max(0, p));
            probe.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
            const QTextCharFormat f = probe.charFormat();
            if (probe.selectedText() == QString(kObject) && f.objectType() == kChipType) {
                QToolTip::showText(help->globalPos(), f.toolTip(), this);
                return true;
            }
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QTextEdit::event(event);
}

} // namespace designer

#include "ExpressionEdit.moc"
