using Codex.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Codex.Workers.Auth;

/// <summary>
/// Password hashing by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512), with the
/// iteration count raised to OWASP's current figure for PBKDF2-SHA512.
/// </summary>
public static class Passwords
{
    /// <summary>OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA512, 210,000 iterations.</summary>
    public const int Iterations = 210_000;

    /// <summary>The one hasher configuration of the platform.</summary>
    public static PasswordHasher<User> CreateHasher() =>
        new(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = Iterations,
        }));
}
