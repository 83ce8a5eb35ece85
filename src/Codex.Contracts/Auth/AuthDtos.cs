namespace Codex.Contracts.Auth;

/// <summary>A user as the Auth worker returns it.</summary>
public sealed record UserDto(Guid Id, string Email, string Name, bool EmailVerified, UserRole Role, DateTimeOffset CreatedAt);

/// <summary>A session's public part (the token itself travels only in the cookie).</summary>
public sealed record SessionDto(Guid Id, DateTimeOffset ExpiresAt);

/// <summary><c>{ user, session }</c>: the answer of session lookup, login and verification.</summary>
public sealed record AuthSessionDto(UserDto User, SessionDto Session);

/// <summary><c>{ user }</c>: the answer of registration and profile updates.</summary>
public sealed record UserEnvelopeDto(UserDto User);

public sealed record RegisterRequest(string? Name, string? Email, string? Password)
{
    /// <summary>
    /// Addition to the contract: a local path the verification link leads to once confirmed (an invitation waiting
    /// for the new account); anything but a single-slash path is a 400.
    /// </summary>
    public string? Redirect { get; init; }
}

public sealed record LoginRequest(string? Email, string? Password);

/// <summary>Body of "send me the link again" requests (verification, reset).</summary>
public sealed record EmailRequest(string? Email)
{
    /// <summary>
    /// Addition to the contract, as <see cref="RegisterRequest.Redirect"/>: where a re-sent verification link leads once
    /// confirmed (a purchase or an invitation waiting); ignored by the reset. Anything but a single-slash path is a 400.
    /// </summary>
    public string? Redirect { get; init; }
}

public sealed record ResetPasswordRequest(string? Token, string? NewPassword);

/// <summary>Addition to CONTRACT.md: <c>PATCH /api/auth/me</c> (the site's /account page).</summary>
public sealed record UpdateProfileRequest(string? Name);

/// <summary>Addition to CONTRACT.md: <c>POST /api/auth/email/change-password</c>; ends the other sessions.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
