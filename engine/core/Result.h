#pragma once

#include "engine/core/Error.h"

#include <utility>
#include <variant>

namespace engine {

// A value or the Error that explains why there is none (std::expected in spirit).
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    static Result failure(QString field, QString message, int code = 400)
    {
        return Result(Error{std::move(field), std::move(message), code});
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// For operations that produce nothing but may fail.
struct Ok
{
};
using Status = Result<Ok>;
inline Status success()
{
    return Ok{};
}

} // namespace engine
