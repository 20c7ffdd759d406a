using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Outlay.ServiceDefaults.Configuration;

/// <summary>Whether a configuration key fits the shape of an options type, the way the configuration binder walks it.</summary>
internal static class SettingShapes
{
    public static bool Fits(ReadOnlySpan<string> path, Type shape)
    {
        if (path.IsEmpty)
        {
            return true;
        }

        shape = Nullable.GetUnderlyingType(shape) ?? shape;
        if (IsScalar(shape))
        {
            return false;
        }

        if (DictionaryValueType(shape) is { } valueType)
        {
            return Fits(path[1..], valueType);
        }

        if (ElementType(shape) is { } elementType)
        {
            return int.TryParse(path[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) && Fits(path[1..], elementType);
        }

        var property = shape.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null && Fits(path[1..], property.PropertyType);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri)
        || type == typeof(TimeSpan) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid);

    private static Type? DictionaryValueType(Type type) =>
        GenericInterface(type, typeof(IDictionary<,>)) is { } dictionary && dictionary.GetGenericArguments()[0] == typeof(string)
            ? dictionary.GetGenericArguments()[1]
            : null;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : typeof(IEnumerable).IsAssignableFrom(type) && GenericInterface(type, typeof(IEnumerable<>)) is { } enumerable ? enumerable.GetGenericArguments()[0]
        : null;

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
