#include "designer/forms/EmptyState.h"

#include <QPainter>
#include <QStyle>

namespace designer {

namespace {

constexpr int Margin = 12;

} // namespace

EmptyState::EmptyState(const QString& text, QWidget* parent) : QWidget(parent)
{
    setText(text);
}

void EmptyState::setText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text;
    setAccessibleName(text);
    update();
}

QSize EmptyState::sizeHint() const
{
    // Room for a couple of lines of a panel's width; the layout gives more.
    const int line = fontMetrics().height();
    return {line * 12, line * 3 + 2 * Margin};
}

QSize EmptyState::minimumSizeHint() const
{
    return {0, fontMetrics().height() + 2 * Margin};
}

void EmptyState::paintEvent(QPaintEvent*)
{
    // Dimmed as a disabled label's text is.
    QPalette dimmed = palette();
    dimmed.setCurrentColorGroup(QPalette::Disabled);
    QPainter painter(this);
    style()->drawItemText(&painter, rect().adjusted(Margin, Margin, -Margin, -Margin),
                          Qt::AlignCenter | Qt::TextWordWrap, dimmed, false, m_text,
                          QPalette::WindowText);
}

} // namespace designer
