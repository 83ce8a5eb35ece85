using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.AspNetCore.Identity;

namespace Codex.Workers.Auth;

/// <summary>The platform's password hashing as Auth (and the demo seeder) names it: <see cref="PasswordHashing"/>, shared with the Identity-API.</summary>
public static class Passwords
{
    /// <inheritdoc cref="PasswordHashing.Iterations"/>
    public const int Iterations = PasswordHashing.Iterations;

    /// <inheritdoc cref="PasswordHashing.CreateHasher"/>
    public static PasswordHasher<User> CreateHasher() => PasswordHashing.CreateHasher();
}
