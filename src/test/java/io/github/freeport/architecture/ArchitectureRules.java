package io.github.freeport.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.apiguardian.api.API;
import org.apiguardian.api.API.Status;

/** The rules of freeport's architecture, built from {@link Layer}; {@link ArchitectureTests} applies them to {@code src/main}. */
final class ArchitectureRules {

	/** What every layer may use besides freeport itself. */
	private static final List<String> EVERYWHERE = List.of("java..", "org.apiguardian.api..");

	/** The classes that print: the run's one summary line (stdout), and the holder process's answers to its parent. */
	private static final Set<String> PRINTERS = Set.of("io.github.freeport.logs.RunReport",
		"io.github.freeport.conflicts.HolderProcess");

	private static final Set<Status> USERS_MAY_USE = EnumSet.of(Status.STABLE, Status.MAINTAINED, Status.EXPERIMENTAL,
		Status.DEPRECATED);

	private ArchitectureRules() {
	}

	/**
	 * The layers as docs/architecture.md draws them: each depends only on the layers its row names, so the
	 * root package's value types on none, and nothing below the facade calls up to it. Every class is in a layer.
	 */
	static ArchRule layers() {
		LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers()
			.ensureAllClassesAreContainedInArchitecture();
		for (Layer layer : Layer.values()) {
			architecture = architecture.layer(layer.title).definedBy(in(layer));
		}
		for (Layer layer : Layer.values()) {
			architecture = layer.mayDependOn.isEmpty() ? architecture.whereLayer(layer.title).mayNotAccessAnyLayer()
					: architecture.whereLayer(layer.title).mayOnlyAccessLayers(layer.mayDependOn.toArray(String[]::new));
		}
		return architecture.because("imports point one way: docs/architecture.md, 'Layers'");
	}

	/** Beyond freeport, each layer uses only the JDK, apiguardian and the libraries its row names. */
	static ArchRule libraries() {
		List<ArchRule> rules = new ArrayList<>();
		for (Layer layer : Layer.values()) {
			String[] allowed = Stream.of(EVERYWHERE.stream(), Stream.of(Layer.ROOT + ".."),
				layer.libraries.stream().map(library -> library + "..")).flatMap(s -> s).toArray(String[]::new);
			rules.add(classes().that(in(layer)).should().onlyDependOnClassesThat(resideInAnyPackage(allowed)
				.or(describe("are primitive", JavaClass::isPrimitive))));
		}
		return CompositeArchRule.of(rules).as("each layer uses only the JDK, apiguardian, freeport and the libraries its row names")
			.because("the jar brings users nothing they did not ask for");
	}

	/**
	 * No cycle between the packages under {@code root}. The root package counts as two slices, since users
	 * import both the bottom and the top of the house from it: its {@code valueTypes} (by simple name) and the rest.
	 */
	static ArchRule noPackageCycles(String root, Set<String> valueTypes) {
		return slices().assignedFrom(new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
				String packageName = javaClass.getPackageName();
				if (packageName.equals(root)) {
					return SliceIdentifier.of(valueTypes.contains(topLevelName(javaClass)) ? root + " (value types)"
							: root + " (facade)");
				}
				return packageName.startsWith(root + ".") ? SliceIdentifier.of(packageName) : SliceIdentifier.ignore();
			}

			@Override
			public String getDescription() {
				return "the packages under " + root + ", its value types apart from the rest of it";
			}
		}).should().beFreeOfCycles();
	}

	/** No prints on standard output or error: freeport logs through {@code System.Logger}. */
	static ArchRule noStandardStreams() {
		return noClasses().that(describe("print for no reason of their own", c -> !PRINTERS.contains(topLevel(c).getName())))
			.should(GeneralCodingRules.ACCESS_STANDARD_STREAMS).because("freeport logs through System.Logger");
	}

	/** A logger per package: {@code System.getLogger(SomeClassOfThisPackage.class.getPackageName())}. */
	static ArchRule loggersNamedAfterTheirPackage() {
		return codeUnits().that(describe("call System.getLogger", ArchitectureRules::callsSystemGetLogger))
			.should(new ArchCondition<JavaCodeUnit>("name the logger after their own package") {

				@Override
				public void check(JavaCodeUnit codeUnit, ConditionEvents events) {
					boolean namedByPackage = codeUnit.getMethodCallsFromSelf().stream()
						.anyMatch(call -> call.getTarget().getOwner().isEquivalentTo(Class.class)
								&& call.getName().equals("getPackageName"))
							&& codeUnit.getReferencedClassObjects().stream()
								.anyMatch(object -> object.getRawType().getPackageName().equals(codeUnit.getOwner().getPackageName()));
					events.add(new SimpleConditionEvent(codeUnit, namedByPackage, codeUnit.getFullName()
							+ (namedByPackage ? " names" : " does not name") + " its logger with a class of its package's getPackageName()"));
				}
			});
	}

	/** Every type other packages can see says what it is to users: {@code @API} with a status. */
	static ArchRule publicTypesMarked() {
		return classes().that(describe("are public, and so are the classes they are nested in", ArchitectureRules::isVisible))
			.should().beAnnotatedWith(API.class);
	}

	/**
	 * What users may use shows them nothing internal: the public and protected members of an {@code @API} type
	 * users may use (unless themselves marked {@code INTERNAL}) and its supertypes involve no freeport type that
	 * is {@code INTERNAL} or unmarked.
	 */
	static ArchRule noInternalTypesInApiSignatures() {
		return classes().that(describe("users may use", ArchitectureRules::usersMayUse))
			.should(new ArchCondition<JavaClass>("show no internal type in a public signature") {

				@Override
				public void check(JavaClass javaClass, ConditionEvents events) {
					javaClass.getSuperclass().ifPresent(type -> checkInvolved(javaClass.getName() + " extends", type, events));
					javaClass.getInterfaces().forEach(type -> checkInvolved(javaClass.getName() + " implements", type, events));
					for (JavaMember member : javaClass.getMembers()) {
						if (!isPublicSignature(member)) {
							continue;
						}
						if (member instanceof JavaField field) {
							checkInvolved(field.getFullName(), field.getType(), events);
						}
						else if (member instanceof JavaCodeUnit codeUnit) {
							checkInvolved(codeUnit.getFullName(), codeUnit.getReturnType(), events);
							codeUnit.getParameterTypes().forEach(type -> checkInvolved(codeUnit.getFullName(), type, events));
							codeUnit.getThrowsClause().getTypes().forEach(type -> checkInvolved(codeUnit.getFullName(), type, events));
						}
					}
				}
			});
	}

	private static void checkInvolved(String where, JavaType type, ConditionEvents events) {
		for (JavaClass involved : type.getAllInvolvedRawTypes()) {
			JavaClass base = involved.isArray() ? involved.getBaseComponentType() : involved;
			if (base.getPackageName().startsWith(Layer.ROOT) && !usersMayUse(base)) {
				events.add(SimpleConditionEvent.violated(where, where + " shows " + base.getName() + ", which is "
						+ status(base).map(s -> "@API(status = " + s + ")").orElse("not marked @API")));
			}
		}
	}

	private static boolean isPublicSignature(JavaMember member) {
		Set<JavaModifier> modifiers = member.getModifiers();
		boolean visible = modifiers.contains(JavaModifier.PUBLIC)
				|| modifiers.contains(JavaModifier.PROTECTED) && !member.getOwner().getModifiers().contains(JavaModifier.FINAL);
		boolean internal = member.tryGetAnnotationOfType(API.class).map(api -> !USERS_MAY_USE.contains(api.status())).orElse(false);
		return visible && !internal && !modifiers.contains(JavaModifier.SYNTHETIC) && !modifiers.contains(JavaModifier.BRIDGE);
	}

	private static boolean usersMayUse(JavaClass javaClass) {
		return isVisible(javaClass) && status(javaClass).filter(USERS_MAY_USE::contains).isPresent();
	}

	private static boolean isVisible(JavaClass javaClass) {
		for (Optional<JavaClass> at = Optional.of(javaClass); at.isPresent(); at = at.get().getEnclosingClass()) {
			if (!at.get().getModifiers().contains(JavaModifier.PUBLIC)) {
				return false;
			}
		}
		return !javaClass.getSimpleName().equals("package-info");
	}

	private static Optional<Status> status(JavaClass javaClass) {
		return javaClass.tryGetAnnotationOfType(API.class).map(API::status);
	}

	private static boolean callsSystemGetLogger(JavaCodeUnit codeUnit) {
		return codeUnit.getMethodCallsFromSelf().stream()
			.anyMatch(call -> call.getTarget().getOwner().isEquivalentTo(System.class) && call.getName().equals("getLogger"));
	}

	private static DescribedPredicate<JavaClass> in(Layer layer) {
		return describe("are in layer " + layer.title, javaClass -> Layer.of(javaClass.getName()).filter(layer::equals).isPresent());
	}

	private static JavaClass topLevel(JavaClass javaClass) {
		JavaClass top = javaClass;
		while (top.getEnclosingClass().isPresent()) {
			top = top.getEnclosingClass().get();
		}
		return top;
	}

	private static String topLevelName(JavaClass javaClass) {
		return topLevel(javaClass).getSimpleName();
	}
}
